// What a tenant key (or a portal session, which is one) may reach, checked after the body is read:
// - installation-wide resources are 403: tenants, the audit log, retry-policy and event-type writes;
//   a portal session may not mint API keys either (its short life would not bind them);
// - a `tenantId` naming another tenant, in the query or the body, is 403;
// - everything else runs as that tenant (src/db/tenant-scope.ts): the database then shows and
//   changes only its rows, so another tenant's resource is a 404 like one that does not exist.
import type { RequestHandler } from 'express';
import { runAsTenant } from '../../db/tenant-scope';
import type { Principal } from '../../services/authenticate';
import { sendProblem } from '../problem';
import { principalOf } from './require-api-key';

const READ = new Set(['GET', 'HEAD']);

/** Why this tenant principal may not call `method path` (path below /v1), or null when it may. */
export function tenantRefusal(principal: Principal, method: string, path: string): string | null {
  const p = path.toLowerCase();
  if (p.startsWith('/tenants') || p.startsWith('/audit-events')) return 'is installation-wide';
  if ((p.startsWith('/retry-policies') || p.startsWith('/event-types')) && !READ.has(method)) return 'changes an installation-wide resource';
  if (principal.kind === 'portal' && p.startsWith('/api-keys')) return 'is not open to portal sessions';
  return null;
}

function foreignTenantField(tenantId: string, query: unknown, body: unknown): string | null {
  const named = (source: unknown) => (source && typeof source === 'object' ? (source as Record<string, unknown>).tenantId : undefined);
  if (named(query) !== undefined && named(query) !== tenantId) return 'query.tenantId';
  if (named(body) !== undefined && named(body) !== tenantId) return 'body.tenantId';
  return null;
}

export const tenantGate: RequestHandler = (req, res, next) => {
  const principal = principalOf(res);
  if (!principal.tenantId) return next();
  const refusal = tenantRefusal(principal, req.method, req.path);
  const field = refusal ? null : foreignTenantField(principal.tenantId, req.query, req.body);
  if (refusal || field) {
    return sendProblem(res, {
      type: 'https://edgecron.dev/problems/403',
      title: 'Forbidden',
      status: 403,
      detail: refusal
        ? `This key belongs to tenant ${principal.tenantId}; ${req.method} ${req.baseUrl}${req.path} ${refusal}.`
        : `This key belongs to tenant ${principal.tenantId}; ${field} names another tenant.`,
      ...(field ? { errors: [{ field, message: 'names another tenant' }] } : {}),
    });
  }
  runAsTenant(principal.tenantId, next);
};
