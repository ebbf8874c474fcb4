// Endpoint use cases: create, read, list, change, delete, pause and resume.
import type { CreateEndpointBody, UpdateEndpointBody } from '../api/schemas/endpoint';
import type { Pagination } from '../api/schemas/common';
import { Prisma } from '../db/generated/client';
import { conflict, endpointNotFound, referencedNotFound } from '../domain/errors';
import { newId } from '../domain/ids';
import { sealEndpointSecret } from '../domain/endpoint-secret';
import { generateSigningSecret } from '../domain/signing';
import type { ServiceContext } from './context';
import { endpointView } from './endpoint-view';
import { pageQuery, toPage } from './pagination';
import { applyEndpointStateToSchedules, deleteEndpointSchedules } from './schedule-endpoint-sync';

export async function findLiveEndpoint(ctx: ServiceContext, id: string) {
  const endpoint = await ctx.db.endpoint.findFirst({ where: { id, deletedAt: null } });
  if (!endpoint) throw endpointNotFound(id);
  return endpoint;
}

async function assertRetryPolicyExists(ctx: ServiceContext, retryPolicyId: string | null | undefined) {
  if (!retryPolicyId) return;
  const found = await ctx.db.retryPolicy.findUnique({ where: { id: retryPolicyId }, select: { id: true } });
  if (!found) throw referencedNotFound('retryPolicyId', 'Retry policy', retryPolicyId);
}

/** The secret is returned here once; afterwards only the reveal call shows it. */
export async function createEndpoint(ctx: ServiceContext, body: CreateEndpointBody) {
  await assertRetryPolicyExists(ctx, body.retryPolicyId);
  const secret = body.secret ?? generateSigningSecret();
  const id = newId('endpoint');
  const endpoint = await ctx.db.endpoint.create({ data: { id, ...body, secret: sealEndpointSecret(ctx.secretBox, id, secret) } });
  return { ...endpointView(endpoint), secret };
}

export async function getEndpoint(ctx: ServiceContext, id: string) {
  return endpointView(await findLiveEndpoint(ctx, id));
}

export async function listEndpoints(ctx: ServiceContext, page: Pagination, filter: { status?: 'active' | 'paused' | 'disabled' }) {
  const rows = await ctx.db.endpoint.findMany(pageQuery(page, { deletedAt: null, ...filter }));
  return toPage(rows, page.limit, endpointView);
}

export async function updateEndpoint(ctx: ServiceContext, id: string, body: UpdateEndpointBody) {
  await findLiveEndpoint(ctx, id);
  await assertRetryPolicyExists(ctx, body.retryPolicyId);
  // A JSON column is cleared with DbNull, not null.
  const data = { ...body, eventFilter: body.eventFilter === null ? Prisma.DbNull : body.eventFilter };
  const endpoint = await ctx.db.endpoint.update({ where: { id }, data });
  return endpointView(endpoint);
}

/**
 * Soft delete: runs in flight end `failed` at their next attempt; the ledger keeps its history.
 * Its schedules are deleted too; the answer lists them.
 */
export async function deleteEndpoint(ctx: ServiceContext, id: string) {
  await findLiveEndpoint(ctx, id);
  await ctx.db.endpoint.update({ where: { id }, data: { deletedAt: new Date() } });
  return { id, deleted: true, schedules: await deleteEndpointSchedules(ctx, id) };
}

export async function setEndpointPaused(ctx: ServiceContext, id: string, paused: boolean) {
  const endpoint = await findLiveEndpoint(ctx, id);
  if (!paused && endpoint.status === 'active') {
    return { ...endpointView(endpoint), schedules: await applyEndpointStateToSchedules(ctx, endpoint) };
  }
  if (paused && endpoint.status === 'disabled') {
    throw conflict('Endpoint disabled', `Endpoint ${id} is disabled (${endpoint.statusReason ?? 'by EdgeCron'}); resume it instead.`);
  }
  const updated = await ctx.db.endpoint.update({
    where: { id },
    data: paused ? { status: 'paused', statusReason: 'paused by API' } : { status: 'active', statusReason: null },
  });
  // Schedules follow their endpoint; the answer says which were paused or resumed.
  return { ...endpointView(updated), schedules: await applyEndpointStateToSchedules(ctx, updated) };
}
