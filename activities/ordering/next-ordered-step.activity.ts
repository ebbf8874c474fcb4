// The key sequencer's one question to the ledger: what comes next for this (endpoint, key)? The head is
// the unfinished run with the lowest sequence number (a replay takes its original's number, so it goes
// first). It waits behind an open dead letter of the key (unless the endpoint skips them) and behind an
// event of the key accepted earlier whose fanout has not finished (its run may belong before the head).
// Read-only apart from statusReason, so a retried activity changes nothing twice.
import type { Prisma } from '../../src/db/generated/client';
import type { Db } from '../../src/db/prisma';
import { urlWithoutQuery } from '../../src/domain/redact-url';
import type { NextOrderedStep } from '../../src/workflow-contracts/key-sequencer-input';
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

export function createNextOrderedStepActivities({ db }: ActivityDeps) {
  return {
    async nextOrderedStepActivity(k: KeyRef): Promise<NextOrderedStep> {
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

      // The head is on its way: it no longer waits for anything.
      await db.taskRun.updateMany({ where: { id: head.id, status: 'pending' }, data: { statusReason: null } });
      const { endpoint } = head;
      return {
        kind: 'deliver',
        run: {
          workflowId: head.workflowId,
          input: {
            taskRunId: head.id,
            endpointId: endpoint.id,
            // A run accepted for later keeps its time, and the key waits for it: order beats punctuality.
            delayMs: Math.max(0, head.runAt.getTime() - Date.now()),
            retry: await resolveRetryPolicy({ db }, endpoint.retryPolicyId),
            timeoutMs: endpoint.timeoutMs,
          },
          trigger: head.trigger,
          endpointUrl: urlWithoutQuery(endpoint.url),
          payloadBytes: Buffer.byteLength(JSON.stringify(head.payload)),
          tenantId: head.tenantId,
        },
      };
    },
  };
}
