// Checks on tenant ids that other resources name.
import { referencedNotFound } from '../../domain/errors';
import type { DbDeps } from '../deps';

/** A `tenantId` given in a body must name a live tenant (404 naming the field otherwise, as every id named in a body). */
export async function assertTenantExists(deps: DbDeps, tenantId: string | null | undefined) {
  if (!tenantId) return;
  const found = await deps.db.tenant.findFirst({ where: { id: tenantId, deletedAt: null }, select: { id: true } });
  if (!found) throw referencedNotFound('tenantId', 'Tenant', tenantId);
}
