// Checks on tenant ids that other resources name.
import { invalidField } from '../../domain/errors';
import type { ServiceContext } from '../context';

/** A `tenantId` given in a body must name a live tenant (400 naming the field otherwise). */
export async function assertTenantExists(ctx: Pick<ServiceContext, 'db'>, tenantId: string | null | undefined) {
  if (!tenantId) return;
  const found = await ctx.db.tenant.findFirst({ where: { id: tenantId, deletedAt: null }, select: { id: true } });
  if (!found) throw invalidField('tenantId', `no tenant with id ${tenantId}`);
}
