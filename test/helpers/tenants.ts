// Helpers for tenant tests: a tenant, and a key that acts for it.
import { api } from './api';

const unique = () => Math.random().toString(36).slice(2, 10);

export async function createTenant(name = `Tenant ${unique()}`, externalId?: string) {
  const res = await api('POST', '/v1/tenants', { name, ...(externalId ? { externalId } : {}) });
  if (res.status !== 201) throw new Error(`tenant create failed: ${res.status} ${JSON.stringify(res.body)}`);
  return res.body as { id: string; name: string; externalId: string | null };
}

/** A full-scope key of this tenant (made with the installation's bootstrap key). */
export async function tenantKey(tenantId: string, scope: 'read' | 'full' = 'full'): Promise<string> {
  const res = await api('POST', '/v1/api-keys', { name: `key of ${tenantId}`, scope, tenantId });
  if (res.status !== 201) throw new Error(`tenant key create failed: ${res.status} ${JSON.stringify(res.body)}`);
  return res.body.key as string;
}
