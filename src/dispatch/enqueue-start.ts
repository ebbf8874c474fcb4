// Writes a start request into the outbox, inside the caller's transaction: the trigger and its intent
// to start work commit together or not at all. Writing the same key again (a second wake of one
// sequencer) bumps its version and makes it due now, so the newer request is never lost. The commit
// notifies the dispatchers listening for the queue (src/dispatch/outbox-wakeups.ts).
import { context, propagation } from '@opentelemetry/api';
import { Prisma } from '../db/generated/client';
import { OUTBOX_CHANNEL } from './outbox-wakeups';
import { outboxKey, type StartRequest } from './start-request';

type Sql = Pick<Prisma.TransactionClient, '$executeRaw'>;

/** The active trace context as W3C headers; empty without a tracing SDK (the API is then a no-op). */
function traceContextOf(): Record<string, string> | undefined {
  const carrier: Record<string, string> = {};
  propagation.inject(context.active(), carrier);
  return Object.keys(carrier).length ? carrier : undefined;
}

/**
 * The outbox row as a data-modifying CTE `queued` (returning its task queue), and the notification its
 * commit sends: `SELECT … FROM … ${notified}` runs it. For statements that write other rows with it.
 */
export function outboxWrite(taskQueue: string, untraced: StartRequest): { queued: Prisma.Sql; notified: Prisma.Sql } {
  const traceContext = traceContextOf();
  const request: StartRequest = traceContext ? { ...untraced, traceContext } : untraced;
  const taskRunId = request.kind === 'task_run' ? request.input.taskRunId : null;
  return {
    queued: Prisma.sql`queued AS (
      INSERT INTO "PendingStart" ("key", "kind", "taskQueue", "request", "taskRunId", "createdAt", "availableAt")
      VALUES (${outboxKey(request)}, ${request.kind}, ${taskQueue}, ${JSON.stringify(request)}::jsonb, ${taskRunId},
              now() AT TIME ZONE 'UTC', now() AT TIME ZONE 'UTC')
      ON CONFLICT ("key") DO UPDATE
        SET "version" = "PendingStart"."version" + 1, "request" = EXCLUDED."request", "availableAt" = EXCLUDED."availableAt"
      RETURNING "taskQueue")`,
    // A sub-select in FROM, so that it runs (an unreferenced plain CTE would not) and adds no column.
    notified: Prisma.sql`(SELECT pg_notify(${OUTBOX_CHANNEL}, "taskQueue") FROM queued) AS notified`,
  };
}

export function enqueueStart(tx: Sql, taskQueue: string, request: StartRequest) {
  const { queued, notified } = outboxWrite(taskQueue, request);
  return tx.$executeRaw`WITH ${queued} SELECT 1 FROM ${notified}`;
}
