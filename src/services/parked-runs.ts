// Parked runs (ParkedRun): a run that must wait for its endpoint sleeps in its workflow until the time
// it may go or a wake-up signal. Parking and waking take the same transaction-scoped advisory lock
// (per endpoint for paused/circuit, per flow key for slots and rate), and a parker re-checks what
// it waits for under that lock, so a wake-up can never slip between the check and the park. A
// wake-up is an outbox row (kind `signal`) written by the statement that marks the run woken: it
// is not lost to a crash, and the outbox's order (availableAt) sends the oldest parked run first.
import type { Db } from '../db/prisma';
import type { Prisma } from '../db/generated/client';
import { OUTBOX_CHANNEL } from '../dispatch/outbox-wakeups';
import { TASK_RUN_WAKE } from '../workflow-contracts/task-run-signals';

export type ParkReason = 'paused' | 'circuit' | 'concurrency' | 'rate' | 'fair_share';

type Sql = Pick<Prisma.TransactionClient, '$executeRawUnsafe' | '$queryRawUnsafe'>;

const NOW = `(now() AT TIME ZONE 'UTC')`;

/** The lock a park and the wake that may release it share. */
export function parkLockKey(scope: 'endpoint' | 'flow', id: string): string {
  return `park:${scope}:${id}`;
}

export async function lockParking(tx: Sql, lockKey: string): Promise<void> {
  await tx.$queryRawUnsafe(`SELECT pg_advisory_xact_lock(hashtext($1))::text`, lockKey);
}

export interface ParkRow {
  taskRunId: string;
  workflowId: string;
  endpointId: string;
  flowKey: string;
  reason: ParkReason;
}

/**
 * Parks (or parks again, keeping its place) a run until `mayGoAt` (SQL); returns how long that is
 * from now by the database's clock, in ms.
 */
export async function parkRun(tx: Sql, row: ParkRow, mayGoAtSql: string, params: unknown[]): Promise<number> {
  const rows = await tx.$queryRawUnsafe<{ forMs: number }[]>(
    `WITH t AS (SELECT ${mayGoAtSql} AS "mayGoAt")
     INSERT INTO "ParkedRun" ("taskRunId", "workflowId", "endpointId", "flowKey", "reason", "mayGoAt", "parkedAt")
     SELECT $1, $2, $3, $4, $5, t."mayGoAt", ${NOW} FROM t
     ON CONFLICT ("taskRunId") DO UPDATE SET "reason" = EXCLUDED."reason", "flowKey" = EXCLUDED."flowKey",
       "mayGoAt" = EXCLUDED."mayGoAt", "wokenAt" = NULL
     RETURNING GREATEST(0, CEIL(EXTRACT(EPOCH FROM ("mayGoAt" - ${NOW})) * 1000))::float8 AS "forMs"`,
    row.taskRunId,
    row.workflowId,
    row.endpointId,
    row.flowKey,
    row.reason,
    ...params,
  );
  return Number(rows[0]?.forMs ?? 0);
}

/** The run went (or ended): it is no longer parked. */
export function unparkRun(db: Pick<Db, '$executeRaw'>, taskRunId: string) {
  return db.$executeRaw`DELETE FROM "ParkedRun" WHERE "taskRunId" = ${taskRunId}`;
}

export interface WakeFilter {
  endpointId?: string;
  flowKey?: string;
  reasons: ParkReason[];
  /** At most this many, oldest first; null = all. */
  limit: number | null;
}

/**
 * Wakes the parked runs that may go now (not woken yet), oldest first: marks them woken and writes
 * their wake-up signals into the outbox, in one statement. Returns how many it woke. The commit
 * notifies the worker's dispatcher as enqueueStart does: without it the signals waited for its next
 * sweep (up to DISPATCH_SWEEP_INTERVAL_MS), and an API's dispatcher leaves such fresh rows to it.
 */
export async function wakeParkedRuns(tx: Sql, taskQueue: string, f: WakeFilter): Promise<number> {
  const column = f.endpointId !== undefined ? `"endpointId"` : `"flowKey"`;
  const rows = await tx.$queryRawUnsafe<{ woken: number }[]>(
    `WITH pick AS (
       SELECT "taskRunId" FROM "ParkedRun"
        WHERE ${column} = $1 AND "reason" = ANY($2::text[]) AND "wokenAt" IS NULL
        ORDER BY "parkedAt" LIMIT $3::int FOR UPDATE SKIP LOCKED),
     woken AS (
       UPDATE "ParkedRun" p SET "wokenAt" = ${NOW} FROM pick WHERE p."taskRunId" = pick."taskRunId"
       RETURNING p."workflowId", p."parkedAt"),
     numbered AS (SELECT w.*, row_number() OVER (ORDER BY w."parkedAt" DESC) AS back FROM woken w),
     sent AS (
       INSERT INTO "PendingStart" ("key", "kind", "taskQueue", "request", "createdAt", "availableAt")
       SELECT 'signal:' || n."workflowId" || ':wake', 'signal', $4,
              jsonb_build_object('kind', 'signal', 'workflowId', n."workflowId", 'signal', $5::text, 'args', '[]'::jsonb, 'about', 'wake'),
              ${NOW}, ${NOW} - make_interval(secs => n.back / 1000.0)
         FROM numbered n
       ON CONFLICT ("key") DO UPDATE
         SET "version" = "PendingStart"."version" + 1, "request" = EXCLUDED."request", "availableAt" = EXCLUDED."availableAt"
       RETURNING 1),
     counted AS (SELECT count(*)::int AS "woken" FROM sent)
     SELECT c."woken" FROM counted c
       LEFT JOIN LATERAL (SELECT pg_notify($6, $4) WHERE c."woken" > 0) n ON true`,
    f.endpointId ?? f.flowKey,
    f.reasons,
    f.limit,
    taskQueue,
    TASK_RUN_WAKE,
    OUTBOX_CHANNEL,
  );
  return rows[0]?.woken ?? 0;
}
