// Final ledger writes the task-run workflow asks for once the delivery activity has ended (a cancel,
// a dead letter): activities of their own, apart from a call's write (record-attempt.ts). Each is
// idempotent: a retried activity changes nothing twice.
import type { ActivityDeps } from '../deps';
import { newId } from '../../src/domain/node/ids';
import { metrics } from '../../src/metrics/metrics';
import { unparkRun } from '../../src/services/parked-runs';
import { deadLetterAdded } from '../../src/dispatch/dead-letter-added';
import { enqueueStart } from '../../src/dispatch/enqueue-start';
import { publishDeadLetteredEvent } from '../dead-letters/dead-lettered-event';

const OPEN_STATUSES = ['pending', 'retry_scheduled', 'running'] as const;

export interface DeadLetterInput {
  taskRunId: string;
  endpointId: string;
  reason: string;
  detail: string;
  /**
   * Hand it to the endpoint's dead-letter workflow through the outbox, in the transaction that records
   * it, and publish its system event (patch `dead-letter-outbox`; older runs announce in an activity of its own).
   */
  announce?: boolean;
}

export function createFinishRunActivities(deps: ActivityDeps) {
  const { db, logger } = deps;
  return {
    /** Marks a run cancelled unless it already ended. */
    async markTaskRunCancelledActivity(taskRunId: string): Promise<void> {
      await db.taskRun.updateMany({
        where: { id: taskRunId, status: { in: [...OPEN_STATUSES] } },
        data: { status: 'cancelled', finishedAt: new Date(), nextAttemptAt: null },
      });
      await unparkRun(db, taskRunId); // cancelled while parked: nothing left to wake
    },

    /** Keeps the run as a dead letter; returns the dead letter id (the existing one on a retry). */
    async recordDeadLetterActivity({ announce, ...input }: DeadLetterInput): Promise<string> {
      const now = new Date();
      const run = await db.taskRun.findUnique({ where: { id: input.taskRunId }, select: { tenantId: true } });
      const deadLetter = await db.$transaction(async (tx) => {
        const kept = await tx.deadLetter.upsert({
          where: { taskRunId: input.taskRunId },
          create: { id: newId('deadLetter'), ...input, tenantId: run?.tenantId ?? null },
          update: {},
        });
        await tx.taskRun.updateMany({
          where: { id: input.taskRunId, status: { in: [...OPEN_STATUSES] } },
          data: { status: 'dead_letter', statusReason: input.detail, finishedAt: now, nextAttemptAt: null },
        });
        if (announce) await enqueueStart(tx, deps.handoff.taskQueue, deadLetterAdded(input.endpointId, kept.id));
        return kept;
      });
      if (announce) {
        deps.handoff.nudge();
        // Idempotent by the dead letter's id: a retry of this activity publishes it once.
        await publishDeadLetteredEvent(deps, { deadLetterId: deadLetter.id, taskRunId: input.taskRunId, endpointId: input.endpointId, reason: input.reason });
      }
      // Counted once per dead letter, even when this activity is retried.
      if (deadLetter.createdAt.getTime() >= now.getTime()) {
        metrics.deadLettersOpened.inc({ reason: input.reason });
        logger.warn({ taskRunId: input.taskRunId, endpointId: input.endpointId, reason: input.reason, deadLetterId: deadLetter.id }, 'dead letter opened');
      }
      return deadLetter.id;
    },
  };
}
