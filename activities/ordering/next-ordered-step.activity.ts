// The key sequencer's one question to the ledger: what comes next for this (endpoint, key)? The head is
// the unfinished run with the lowest sequence number (a replay takes its original's number, so it goes
// first). It waits behind an open dead letter of the key (unless the endpoint skips them) and behind an
// event of the key accepted earlier whose fanout has not finished (its run may belong before the head).
// In batches (nextOrderedRunsActivity), the runs right behind the head come too, as long as each is
// due now and nothing would hold it: a run still delivering, an open dead letter of the key before it
// (when the endpoint blocks), or an event of the key before it that is still fanning out.
// Read-only apart from statusReason, so a retried activity changes nothing twice.
import type { Prisma } from '../../src/db/generated/client';
import type { Db } from '../../src/db/prisma';
import { urlWithoutQuery } from '../../src/domain/redact-url';
import type { NextOrderedRuns, NextOrderedStep, OrderedRunStart, OrderedRunsRequest } from '../../src/workflow-contracts/key-sequencer-input';
import { BLOCKED_REASON_PREFIX, QUEUED_REASON, blockedReason } from '../../src/domain/node/ordering-key';
import { resolveRetryPolicy } from '../../src/services/resolve-retry-policy';
import type { ActivityDeps } from '../deps';

const UNFINISHED = ['pending', 'running', 'retry_scheduled'] as const;
/** An event fanout older than this is presumed failed and no longer holds its key (it would block forever). */
export const FANOUT_WAIT_LIMIT_MS = 15 * 60_000;

export interface KeyRef {
  endpointId: string;
  orderingKey: string;
}

const keyRuns = (k: KeyRef): Prisma.TaskRunWhereInput => ({
  endpointId: k.endpointId,
  orderingKey: k.orderingKey,
  orderingSeq: { not: null },
});

async function setWaitingReason(db: Db, k: KeyRef, afterSeq: number, reason: string, unlessPrefix: string | null) {
  await db.taskRun.updateMany({
    where: {
      ...keyRuns(k),
      status: 'pending',
      orderingSeq: { gt: afterSeq },
      ...(unlessPrefix
        ? { statusReason: { startsWith: unlessPrefix } }
        : { OR: [{ statusReason: null }, { NOT: { statusReason: reason } }] }),
    },
    data: { statusReason: reason },
  });
}

type HeadRun = Prisma.TaskRunGetPayload<{ include: { endpoint: true } }>;
type QueuedRun = Pick<HeadRun, 'id' | 'workflowId' | 'runAt' | 'trigger' | 'payload' | 'tenantId'>;

function runStart(run: QueuedRun, endpoint: HeadRun['endpoint'], retry: OrderedRunStart['input']['retry']): OrderedRunStart {
  return {
    workflowId: run.workflowId,
    input: {
      taskRunId: run.id,
      endpointId: endpoint.id,
      // A run accepted for later keeps its time, and the key waits for it: order beats punctuality.
      delayMs: Math.max(0, run.runAt.getTime() - Date.now()),
      retry,
      timeoutMs: endpoint.timeoutMs,
    },
    trigger: run.trigger,
    endpointUrl: urlWithoutQuery(endpoint.url),
    payloadBytes: Buffer.byteLength(JSON.stringify(run.payload)),
    tenantId: run.tenantId,
  };
}

/**
 * The runs right behind the head that may follow it without asking again: pending, due now (a later
 * runAt waits for its own turn at the head), and before the first thing that would hold the key.
 */
async function runsBehindHead(db: Db, k: KeyRef, head: HeadRun, max: number): Promise<QueuedRun[]> {
  if (max <= 0) return [];
  const seq = head.orderingSeq!;
  const [queued, fanningOut, deadLetter] = await Promise.all([
    db.taskRun.findMany({
      where: { ...keyRuns(k), status: { in: [...UNFINISHED] }, OR: [{ orderingSeq: { gt: seq } }, { orderingSeq: seq, id: { gt: head.id } }] },
      orderBy: [{ orderingSeq: 'asc' }, { id: 'asc' }],
      take: max,
      select: { id: true, workflowId: true, runAt: true, trigger: true, payload: true, tenantId: true, status: true, orderingSeq: true },
    }),
    // A run waits behind an event of its key accepted before it that has not finished fanning out.
    db.event.findFirst({
      where: { orderingKey: k.orderingKey, orderingSeq: { gte: seq }, matchedEndpointCount: null, createdAt: { gt: new Date(Date.now() - FANOUT_WAIT_LIMIT_MS) } },
      orderBy: { orderingSeq: 'asc' },
      select: { orderingSeq: true },
    }),
    head.endpoint.onDeadLetter === 'block'
      ? db.deadLetter.findFirst({
        where: { status: 'open', endpointId: k.endpointId, taskRun: { orderingKey: k.orderingKey, orderingSeq: { not: null, gte: seq } } },
        orderBy: { taskRun: { orderingSeq: 'asc' } },
        select: { taskRun: { select: { orderingSeq: true } } },
      })
      : null,
  ]);
  const now = Date.now();
  const held = (runSeq: number) =>
    (fanningOut?.orderingSeq != null && fanningOut.orderingSeq < runSeq) ||
    (deadLetter?.taskRun.orderingSeq != null && deadLetter.taskRun.orderingSeq <= runSeq);
  const batch: QueuedRun[] = [];
  for (const run of queued) {
    if (run.status !== 'pending' || run.runAt.getTime() > now || held(run.orderingSeq!)) break;
    batch.push(run);
  }
  return batch;
}

/** The next step for a key: the head and, up to `max` in all, the runs that may follow it at once. */
async function nextRuns(db: Db, k: KeyRef, max: number): Promise<NextOrderedRuns> {
  const head = await db.taskRun.findFirst({
    where: { ...keyRuns(k), status: { in: [...UNFINISHED] } },
    orderBy: [{ orderingSeq: 'asc' }, { id: 'asc' }],
    include: { endpoint: true },
  });
  if (!head || head.orderingSeq === null) return { kind: 'empty' };
  const seq = head.orderingSeq;

  if (head.endpoint.onDeadLetter === 'block') {
    const blocking = await db.deadLetter.findFirst({
      where: { status: 'open', endpointId: k.endpointId, taskRun: { orderingKey: k.orderingKey, orderingSeq: { not: null, lte: seq } } },
      orderBy: { id: 'asc' },
    });
    if (blocking) {
      await setWaitingReason(db, k, -1, blockedReason(blocking.id, blocking.taskRunId), null);
      return { kind: 'blocked', deadLetterId: blocking.id };
    }
  }
  // No longer blocked (replayed, discarded, or skipping): runs that said so go back to plain waiting.
  await setWaitingReason(db, k, seq, QUEUED_REASON, BLOCKED_REASON_PREFIX);

  const fanningOut = await db.event.findFirst({
    where: {
      orderingKey: k.orderingKey,
      orderingSeq: { lt: seq },
      matchedEndpointCount: null,
      createdAt: { gt: new Date(Date.now() - FANOUT_WAIT_LIMIT_MS) },
    },
    select: { id: true },
  });
  if (fanningOut) return { kind: 'wait_for_fanout', eventId: fanningOut.id };

  const behind = await runsBehindHead(db, k, head, max - 1);
  // The head and the runs behind it are on their way: they no longer wait for anything.
  await db.taskRun.updateMany({ where: { id: { in: [head.id, ...behind.map((r) => r.id)] }, status: 'pending' }, data: { statusReason: null } });
  const retry = await resolveRetryPolicy({ db }, head.endpoint.retryPolicyId);
  return { kind: 'deliver', runs: [head, ...behind].map((run) => runStart(run, head.endpoint, retry)) };
}

export function createNextOrderedStepActivities({ db }: ActivityDeps) {
  return {
    /** One run at a time: what sequencers started before batches ask (their histories replay with it). */
    async nextOrderedStepActivity(k: KeyRef): Promise<NextOrderedStep> {
      const next = await nextRuns(db, k, 1);
      return next.kind === 'deliver' ? { kind: 'deliver', run: next.runs[0] } : next;
    },

    async nextOrderedRunsActivity(req: OrderedRunsRequest): Promise<NextOrderedRuns> {
      return nextRuns(db, { endpointId: req.endpointId, orderingKey: req.orderingKey }, Math.max(1, req.max));
    },
  };
}
