// Endpoint use cases: create, read, list, change, delete, pause and resume.
import { HTTP_ONLY_FIELDS, type CreateEndpointBody, type UpdateEndpointBody } from '../contracts/endpoint';
import type { Destination } from '../contracts/destinations';
import type { Pagination } from '../contracts/common';
import { Prisma } from '../db/generated/client';
import { conflict, conflictsWithCurrent, endpointNotFound, referencedNotFound } from '../domain/errors';
import { destinationAddress, keepMaskedDestination, openDestination, sealDestination } from '../domain/node/destination-credentials';
import { newId } from '../domain/node/ids';
import { sealEndpointSecret } from '../domain/node/endpoint-secret';
import { keepMaskedHeaders, keepMaskedUrl, openHeaders, openUrl, sealHeaders, storedUrl } from '../domain/node/endpoint-credentials';
import { generateSigningSecret } from '../domain/node/signing';
import type { DbDeps, HandoffDeps, SecretDeps, TemporalDeps } from './deps';
import { endpointView } from './endpoint-view';
import { assertTransformationCompiles, recordTransformationVersion, transformationColumns, type Actor, type TransformerDeps } from './endpoint-transformation';
import { pageQuery, toPage } from './pagination';
import { lockParking, parkLockKey, wakeParkedRuns } from './parked-runs';
import { assertTenantExists } from './tenants/assert-tenant';
import { deleteEndpointSchedules, holdEndpointSchedules, resumeEndpointSchedules } from './schedule-endpoint-sync';

const liveEndpoint = (deps: DbDeps, id: string) => deps.db.endpoint.findFirst({ where: { id, deletedAt: null } });

export async function findLiveEndpoint(deps: DbDeps, id: string) {
  const endpoint = await liveEndpoint(deps, id);
  if (!endpoint) throw endpointNotFound(id);
  return endpoint;
}

/** The endpoint a new run or schedule names in its body: a missing one is that field's fault (400 naming endpointId). */
export async function referencedEndpoint(deps: DbDeps, endpointId: string) {
  const endpoint = await liveEndpoint(deps, endpointId);
  if (!endpoint) throw referencedNotFound('endpointId', 'Endpoint', endpointId);
  return endpoint;
}

async function assertRetryPolicyExists(deps: DbDeps, retryPolicyId: string | null | undefined) {
  if (!retryPolicyId) return;
  const found = await deps.db.retryPolicy.findUnique({ where: { id: retryPolicyId }, select: { id: true } });
  if (!found) throw referencedNotFound('retryPolicyId', 'Retry policy', retryPolicyId);
}

/** The circuit breaker's settings as columns; turning it off also closes an open circuit. */
function circuitColumns(cb: { consecutiveFailures: number; probeIntervalMs: number } | null | undefined) {
  if (cb === undefined) return {};
  if (cb === null) {
    return { circuitFailureThreshold: null, consecutiveFailures: 0, circuitOpenedAt: null, circuitNextProbeAt: null, circuitProbeAt: null };
  }
  return { circuitFailureThreshold: cb.consecutiveFailures, circuitProbeIntervalMs: cb.probeIntervalMs };
}

/** What a queue endpoint's URL credentials are, for a PATCH that makes it HTTP: none, so a mask is refused. */
const NO_CREDENTIALS_URL = 'http://queue-endpoint.invalid/';

/**
 * The columns of a queue destination: sealed, shown by its address in `url`, and none of the HTTP-only
 * settings (a switch from HTTP clears them).
 */
function destinationColumns(deps: SecretDeps, id: string, destination: Destination) {
  return {
    destination: sealDestination(deps.secretBox, id, destination) as Prisma.InputJsonValue,
    url: destinationAddress(destination),
    sealedUrl: null,
    method: 'POST' as const,
    headers: {},
    statusCodeOverrides: {},
  };
}

/** The secret is returned here once; afterwards only the reveal call shows it. */
export async function createEndpoint(deps: DbDeps & SecretDeps & TransformerDeps, body: CreateEndpointBody, actor: Actor) {
  await assertRetryPolicyExists(deps, body.retryPolicyId);
  await assertTenantExists(deps, body.tenantId);
  await assertTransformationCompiles(deps, body.transformation);
  const secret = body.secret ?? generateSigningSecret();
  const id = newId('endpoint');
  const { circuitBreaker, transformation, destination, url, ...fields } = body;
  // The schema lets exactly one of url and destination through.
  const target = destination
    ? destinationColumns(deps, id, destination)
    : { ...storedUrl(deps.secretBox, id, url!), headers: sealHeaders(deps.secretBox, id, body.headers ?? {}) };
  const endpoint = await deps.db.$transaction(async (tx) => {
    const created = await tx.endpoint.create({
      data: {
        id,
        ...fields,
        ...circuitColumns(circuitBreaker),
        ...transformationColumns(transformation),
        ...target,
        secret: sealEndpointSecret(deps.secretBox, id, secret),
      },
    });
    if (transformation) await recordTransformationVersion(tx, id, transformation, actor);
    return created;
  });
  return { ...endpointView(endpoint), secret };
}

export async function getEndpoint(deps: DbDeps, id: string) {
  return endpointView(await findLiveEndpoint(deps, id));
}

export async function listEndpoints(deps: DbDeps, page: Pagination, filter: { status?: 'active' | 'paused' | 'disabled'; tenantId?: string }) {
  const rows = await deps.db.endpoint.findMany(pageQuery(page, { deletedAt: null, ...filter }));
  return toPage(rows, page.limit, endpointView);
}

export async function updateEndpoint(deps: DbDeps & SecretDeps & TransformerDeps, id: string, body: UpdateEndpointBody, actor: Actor) {
  const current = await findLiveEndpoint(deps, id);
  await assertRetryPolicyExists(deps, body.retryPolicyId);
  await assertTransformationCompiles(deps, body.transformation);
  // A JSON column is cleared with DbNull, not null.
  const { circuitBreaker, transformation, destination, ...fields } = body;
  const storedDestination = current.destination === null ? null : openDestination<Destination>(deps.secretBox, id, current.destination);
  // Staying a queue endpoint: the HTTP-only settings have no meaning (a `url` in the body makes it HTTP).
  // The body is valid on its own; what it conflicts with is the stored destination: 409, as for a source's secret.
  if (storedDestination && body.url === undefined) {
    for (const field of HTTP_ONLY_FIELDS) {
      if (body[field] !== undefined) throw conflictsWithCurrent(field, 'is for HTTP endpoints only; this endpoint has a destination');
    }
  }
  const data = {
    ...fields,
    ...circuitColumns(circuitBreaker),
    ...transformationColumns(transformation),
    eventFilter: body.eventFilter === null ? Prisma.DbNull : body.eventFilter,
    // Masked values sent back (as every read shows them) keep what is stored. A queue endpoint has no URL credentials to keep.
    ...(body.url !== undefined && {
      ...storedUrl(deps.secretBox, id, keepMaskedUrl(body.url, storedDestination ? NO_CREDENTIALS_URL : openUrl(deps.secretBox, current))),
      destination: Prisma.DbNull,
    }),
    ...(body.headers !== undefined && {
      headers: sealHeaders(deps.secretBox, id, keepMaskedHeaders(body.headers, storedDestination ? {} : openHeaders(deps.secretBox, id, current.headers))),
    }),
    ...(destination !== undefined && destinationColumns(deps, id, keepMaskedDestination(destination, storedDestination))),
  };
  const endpoint = await deps.db.$transaction(async (tx) => {
    const updated = await tx.endpoint.update({ where: { id }, data });
    if (transformation !== undefined) await recordTransformationVersion(tx, id, transformation, actor);
    return updated;
  });
  return endpointView(endpoint);
}

/**
 * Soft delete: runs in flight end `failed` at their next attempt; the ledger keeps its history.
 * Its schedules are deleted too; the answer lists them.
 */
export async function deleteEndpoint(deps: DbDeps & TemporalDeps, id: string) {
  await findLiveEndpoint(deps, id);
  await deps.db.endpoint.update({ where: { id }, data: { deletedAt: new Date() } });
  return { id, deleted: true, schedules: await deleteEndpointSchedules(deps, id) };
}

/**
 * Schedules follow their endpoint; the answer says which were paused or resumed. A pause always takes
 * effect (fires read the endpoint and skip); a resume commits only once Temporal resumed its schedules,
 * else 503 + Retry-After (see schedule-endpoint-sync.ts for why).
 */
export async function setEndpointPaused(deps: DbDeps & HandoffDeps & TemporalDeps, id: string, paused: boolean) {
  const endpoint = await findLiveEndpoint(deps, id);
  if (paused && endpoint.status === 'disabled') {
    throw conflict('Endpoint disabled', `Endpoint ${id} is disabled (${endpoint.statusReason ?? 'by EdgeCron'}); resume it instead.`);
  }
  if (paused) {
    const updated = await deps.db.endpoint.update({ where: { id }, data: { status: 'paused', statusReason: 'paused by API' } });
    return { ...endpointView(updated), schedules: await holdEndpointSchedules(deps, updated) };
  }
  // Resuming an active endpoint changes nothing but sets its schedules in Temporal again. The runs
  // parked while it was paused are woken by the same transaction (oldest first, through the outbox).
  const resumed = await deps.db.$transaction(async (tx) => {
    const updated = endpoint.status === 'active'
      ? endpoint
      : await tx.endpoint.update({ where: { id }, data: { status: 'active', statusReason: null } });
    await lockParking(tx, parkLockKey('endpoint', id));
    await wakeParkedRuns(tx, deps.handoff.taskQueue, { endpointId: id, reasons: ['paused'], limit: null });
    return { ...endpointView(updated), schedules: await resumeEndpointSchedules(deps, tx, updated) };
  });
  deps.handoff.nudge();
  return resumed;
}
