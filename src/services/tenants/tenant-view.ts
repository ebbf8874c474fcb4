// The API shape of a tenant.
import type { Tenant } from '../../db/generated/client';

export function tenantView(t: Tenant) {
  return {
    id: t.id,
    name: t.name,
    externalId: t.externalId,
    createdAt: t.createdAt.toISOString(),
    updatedAt: t.updatedAt.toISOString(),
  };
}
