// Tenant use cases: create, read, list, change, and delete (with its endpoints, schedules and keys).
import type { Pagination } from '../../contracts/common';
import type { CreateTenantBody, UpdateTenantBody } from '../../contracts/tenant';
import { Prisma } from '../../db/generated/client';
import { conflict, tenantNotFound } from '../../domain/errors';
import { isId, newId } from '../../domain/node/ids';
import type { DbDeps, TemporalDeps } from '../deps';
import { deleteEndpoint } from '../endpoints';
import { pageQuery, toPage } from '../pagination';
import { tenantView } from './tenant-view';

export async function findLiveTenant(deps: DbDeps, id: string) {
  const tenant = isId('tenant', id) ? await deps.db.tenant.findFirst({ where: { id, deletedAt: null } }) : null;
  if (!tenant) throw tenantNotFound(id);
  return tenant;
}

const externalIdTaken = (externalId: string) =>
  conflict('External id in use', `Another tenant already has externalId ${externalId}.`);

async function saving<T>(externalId: string | null | undefined, write: () => Promise<T>): Promise<T> {
  try {
    return await write();
  } catch (err) {
    if (externalId && err instanceof Prisma.PrismaClientKnownRequestError && err.code === 'P2002') throw externalIdTaken(externalId);
    throw err;
  }
}

export async function createTenant(deps: DbDeps, body: CreateTenantBody) {
  const data = { id: newId('tenant'), name: body.name, externalId: body.externalId ?? null };
  return tenantView(await saving(body.externalId, () => deps.db.tenant.create({ data })));
}

export async function getTenant(deps: DbDeps, id: string) {
  return tenantView(await findLiveTenant(deps, id));
}

export async function listTenants(deps: DbDeps, page: Pagination, filter: { externalId?: string }) {
  const rows = await deps.db.tenant.findMany(pageQuery(page, { deletedAt: null, ...filter }));
  return toPage(rows, page.limit, tenantView);
}

export async function updateTenant(deps: DbDeps, id: string, body: UpdateTenantBody) {
  await findLiveTenant(deps, id);
  return tenantView(await saving(body.externalId, () => deps.db.tenant.update({ where: { id }, data: body })));
}

const OPEN_RUNS = ['pending', 'retry_scheduled'] as const;

/**
 * Deletes a tenant and what acts for it: its endpoints (soft, with their schedules), its API keys and
 * portal sessions (revoked), and its waiting runs (ended `failed`; a run mid-attempt ends `failed` at its
 * next attempt, as for any deleted endpoint). Events, runs, attempts and dead letters stay until retention
 * removes them. `confirm` must repeat the tenant's id. Repeating a delete that failed half-way finishes it.
 */
export async function deleteTenant(deps: DbDeps & TemporalDeps, id: string, confirm: string, now = new Date()) {
  await findLiveTenant(deps, id);
  if (confirm !== id) {
    throw conflict('Confirmation does not match', `confirm names ${confirm}, not ${id}: repeat the id of the tenant to delete (its endpoints, schedules and API keys go with it).`);
  }
  const keys = await deps.db.apiKey.updateMany({ where: { tenantId: id, revokedAt: null }, data: { revokedAt: now } });
  const endpoints = await deps.db.endpoint.findMany({ where: { tenantId: id, deletedAt: null }, select: { id: true } });
  const schedules: string[] = [];
  for (const e of endpoints) schedules.push(...((await deleteEndpoint(deps, e.id)).schedules.deleted ?? []));
  const runs = await deps.db.taskRun.updateMany({
    where: { tenantId: id, status: { in: [...OPEN_RUNS] } },
    data: { status: 'failed', statusReason: 'tenant deleted', finishedAt: now, nextAttemptAt: null },
  });
  await deps.db.tenant.update({ where: { id }, data: { deletedAt: now } });
  return {
    id,
    deleted: true,
    endpoints: endpoints.map((e) => e.id),
    schedules,
    apiKeysRevoked: keys.count,
    taskRunsFailed: runs.count,
  };
}
