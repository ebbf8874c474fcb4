// Portal sessions: a short-lived tenant key (kind `portal`) and the link that opens the consumer portal
// with it. The token travels in the URL's fragment (`#token=…`), which browsers never send to a server,
// so it stays out of access logs and Referer headers; the page moves it to session storage at once.
import type { CreatePortalSessionBody } from '../../contracts/tenant';
import type { DbDeps } from '../deps';
import { newKeyRow } from '../api-keys';
import { findLiveTenant } from './tenants';

export async function createPortalSession(deps: DbDeps, tenantId: string, body: CreatePortalSessionBody, baseUrl: string, now = new Date()) {
  const tenant = await findLiveTenant(deps, tenantId);
  const expiresAt = new Date(now.getTime() + body.expiresInSeconds * 1000);
  const { key, row } = newKeyRow(`portal session (${tenant.name})`.slice(0, 100), body.readOnly ? 'read' : 'full', expiresAt, tenant.id, 'portal');
  await deps.db.apiKey.create({ data: row });
  const fragment = new URLSearchParams({ token: key, ...(body.readOnly ? { mode: 'read' } : {}) });
  return {
    id: row.id,
    tenantId: tenant.id,
    url: `${baseUrl.replace(/\/+$/, '')}/portal/#${fragment.toString()}`,
    token: key,
    readOnly: body.readOnly,
    expiresAt: expiresAt.toISOString(),
  };
}
