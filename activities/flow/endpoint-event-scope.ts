// An endpoint's operational events (circuit opened or closed, disabled) are its tenant's news, as a
// tenant's dead letters are: published with the endpoint's tenant, only that tenant's endpoints hear
// of them. An endpoint without a tenant publishes installation-wide.
import type { Db } from '../../src/db/prisma';

export async function endpointEventScope(db: Db, endpointId: string): Promise<{ tenantId?: string }> {
  const endpoint = await db.endpoint.findUnique({ where: { id: endpointId }, select: { tenantId: true } });
  return endpoint?.tenantId ? { tenantId: endpoint.tenantId } : {};
}
