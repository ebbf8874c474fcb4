// Dead letter use cases: list, get (with its last attempt), replay one, discard one, bulk replay.
import type { Pagination } from '../contracts/common';
import type { BulkReplayBody, DeadLetterFilter, ListDeadLettersQuery } from '../contracts/dead-letter';
import type { Prisma } from '../db/generated/client';
import { conflict, deadLetterNotFound, notFound } from '../domain/errors';
import { assertBacklogRoom } from '../dispatch/handoff';
import { enqueueStart } from '../dispatch/enqueue-start';
import { isId, newId } from '../domain/node/ids';
import { deadLetterReplayWorkflowId, temporalUiUrl } from '../domain/workflow-ids';
import type { DeadLetterReplayInput } from '../workflow-contracts/dead-letter';
import type { DbDeps, HandoffDeps, Links } from './deps';
import { deadLetterResolvedSignalRequest } from './dead-letter-signals';
import { deadLetterView } from './dead-letter-view';
import { pageQuery, toPage } from './pagination';
import { replayDeadLetter } from './replay-dead-letter';
import { sequencerWake } from './ordered-runs';
import { attemptView, taskRunView } from './task-run-view';

/** One bulk replay covers at most this many dead letters (its ids travel in the workflow input). */
export const BULK_REPLAY_MAX = 10_000;

function filterWhere(f: DeadLetterFilter): Prisma.DeadLetterWhereInput {
  return {
    ...(f.endpointId ? { endpointId: f.endpointId } : {}),
    ...(f.tenantId ? { tenantId: f.tenantId } : {}),
    ...(f.reason ? { reason: f.reason } : {}),
    ...(f.eventType ? { taskRun: { event: { type: f.eventType } } } : {}),
    ...(f.from || f.to
      ? { createdAt: { ...(f.from ? { gte: new Date(f.from) } : {}), ...(f.to ? { lte: new Date(f.to) } : {}) } }
      : {}),
  };
}

/** What a bulk replay takes: open, matching, and on an endpoint that can receive (else it would fail again). */
function replayableWhere(f: DeadLetterFilter): Prisma.DeadLetterWhereInput {
  // A run whose payload retention removed cannot be replayed (409 Payload purged): not taken.
  const where = filterWhere(f);
  const taskRun = { ...(where.taskRun as Prisma.TaskRunWhereInput | undefined), payloadPurgedAt: null };
  return { ...where, status: 'open', endpoint: { status: { in: ['active', 'paused'] }, deletedAt: null }, taskRun };
}

export async function listDeadLetters(deps: DbDeps & Links, page: Pagination, q: ListDeadLettersQuery) {
  const where = { ...filterWhere(q), ...(q.status ? { status: q.status } : {}), ...(q.taskRunId ? { taskRunId: q.taskRunId } : {}) };
  const rows = await deps.db.deadLetter.findMany({ ...pageQuery(page, where), include: { taskRun: true } });
  return toPage(rows, page.limit, (d) => deadLetterView(deps, d));
}

async function findDeadLetter(deps: DbDeps, id: string) {
  const dl = await deps.db.deadLetter.findUnique({ where: { id }, include: { taskRun: true } });
  if (!dl) throw deadLetterNotFound(id);
  return dl;
}

export async function getDeadLetter(deps: DbDeps & Links, id: string) {
  const dl = await findDeadLetter(deps, id);
  const lastAttempt = await deps.db.deliveryAttempt.findFirst({ where: { taskRunId: dl.taskRunId }, orderBy: { attemptNumber: 'desc' } });
  return {
    ...deadLetterView(deps, dl),
    taskRun: taskRunView(deps, dl.taskRun),
    lastAttempt: lastAttempt ? attemptView(lastAttempt) : null,
  };
}

export async function replayOneDeadLetter(deps: DbDeps & HandoffDeps & Links, id: string) {
  const { deadLetterId, run } = await replayDeadLetter(deps, id);
  return { deadLetter: deadLetterView(deps, await findDeadLetter(deps, deadLetterId)), taskRun: taskRunView(deps, run) };
}

/** Keeps the record (status `discarded`) and takes it off the endpoint's open list. */
export async function discardDeadLetter(deps: DbDeps & HandoffDeps & Links, id: string, now = new Date()) {
  const dl = await deps.db.deadLetter.findUnique({ where: { id }, include: { taskRun: true, endpoint: { select: { url: true } } } });
  if (!dl) throw deadLetterNotFound(id);
  const { orderingKey, orderingSeq } = dl.taskRun;
  const updated = await deps.db.$transaction(async (tx) => {
    const { count } = await tx.deadLetter.updateMany({ where: { id, status: 'open' }, data: { status: 'discarded', resolvedAt: now } });
    if (count === 0) return count;
    await enqueueStart(tx, deps.handoff.taskQueue, deadLetterResolvedSignalRequest(dl.endpointId, { deadLetterId: id, resolution: 'discarded' }));
    // A discarded dead letter of an ordered run frees its key: its sequencer looks at the queue again.
    if (orderingKey && orderingSeq !== null) await enqueueStart(tx, deps.handoff.taskQueue, sequencerWake({ id: dl.endpointId, url: dl.endpoint.url }, orderingKey));
    return count;
  });
  if (updated === 0) {
    const current = await findDeadLetter(deps, id);
    throw conflict('Dead letter not open', `Dead letter ${id} is already ${current.status}.`);
  }
  deps.handoff.nudge();
  return deadLetterView(deps, await findDeadLetter(deps, id));
}

/**
 * Bulk replay by filter. `dryRun` counts what a real run would take now; a real run fixes that set
 * (oldest first, at most BULK_REPLAY_MAX) and hands it to a workflow that drains it at `ratePerSecond`
 * (DEAD_LETTER_REPLAY_RATE_PER_SECOND).
 */
export async function bulkReplayDeadLetters(deps: DbDeps & HandoffDeps & Links, body: BulkReplayBody, ratePerSecond: number) {
  const where = replayableWhere(body);
  if (body.dryRun) {
    const matched = await deps.db.deadLetter.count({ where });
    return { dryRun: true, count: Math.min(matched, BULK_REPLAY_MAX), truncated: matched > BULK_REPLAY_MAX, ratePerSecond };
  }
  assertBacklogRoom(deps.handoff);
  const rows = await deps.db.deadLetter.findMany({ where, select: { id: true }, orderBy: { id: 'asc' }, take: BULK_REPLAY_MAX + 1 });
  const ids = rows.slice(0, BULK_REPLAY_MAX).map((r) => r.id);
  const replayId = newId('deadLetterReplay');
  const workflowId = deadLetterReplayWorkflowId(replayId);
  if (ids.length > 0) {
    const input: DeadLetterReplayInput = { deadLetterIds: ids, ratePerSecond };
    await deps.db.$transaction([
      deps.db.bulkReplay.create({ data: { id: replayId, total: ids.length, ratePerSecond } }),
      enqueueStart(deps.db, deps.handoff.taskQueue, { kind: 'bulk_replay', workflowId, input }),
    ]);
    deps.handoff.nudge();
  }
  return {
    dryRun: false,
    count: ids.length,
    truncated: rows.length > BULK_REPLAY_MAX,
    ratePerSecond,
    id: ids.length > 0 ? replayId : null,
    workflowId: ids.length > 0 ? workflowId : null,
    temporalUrl: ids.length > 0 ? temporalUiUrl(deps.temporalUiUrl, deps.namespace, workflowId) : null,
  };
}

/** Progress of a bulk replay, from the database (its workflow's activity keeps it), so it reads while Temporal is away. */
export async function getBulkReplay(deps: DbDeps & Links, id: string) {
  if (!isId('deadLetterReplay', id)) throw notFound('Bulk replay', id);
  const row = await deps.db.bulkReplay.findUnique({ where: { id } });
  if (!row) throw notFound('Bulk replay', id);
  const workflowId = deadLetterReplayWorkflowId(id);
  return {
    id,
    total: row.total,
    replayed: row.replayed,
    skipped: row.skipped,
    done: row.replayed + row.skipped >= row.total,
    workflowId,
    temporalUrl: temporalUiUrl(deps.temporalUiUrl, deps.namespace, workflowId),
  };
}
