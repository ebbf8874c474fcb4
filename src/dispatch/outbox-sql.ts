// The dispatcher's statements on the PendingStart outbox. Times are UTC, as Prisma stores them.
import type { Db } from '../db/prisma';
import type { StartRequest } from './start-request';

export interface ClaimedStart {
  key: string;
  version: number;
  tries: number;
  taskRunId: string | null;
  request: StartRequest;
}

/**
 * Takes up to `limit` rows due for `graceMs` already and leases them for `leaseMs` (their due time moves
 * past the lease), so dispatchers in other processes skip them; a dispatcher that dies lets its lease run out.
 */
export function claimDueStarts(db: Db, taskQueue: string, limit: number, leaseMs: number, graceMs = 0): Promise<ClaimedStart[]> {
  return db.$queryRaw<ClaimedStart[]>`
    UPDATE "PendingStart" p
       SET "availableAt" = (now() AT TIME ZONE 'UTC') + make_interval(secs => ${leaseMs / 1000}::float8), "tries" = p."tries" + 1
     WHERE p."key" IN (
       SELECT "key" FROM "PendingStart"
        WHERE "taskQueue" = ${taskQueue}
          AND "availableAt" <= (now() AT TIME ZONE 'UTC') - make_interval(secs => ${graceMs / 1000}::float8)
        ORDER BY "availableAt"
        LIMIT ${limit}
        FOR UPDATE SKIP LOCKED)
    RETURNING p."key", p."version", p."tries", p."taskRunId", p."request"`;
}

/** Done rows go; a row written again meanwhile (newer version) stays for its own dispatch. */
export function deleteDone(db: Db, done: ClaimedStart[]) {
  return db.$executeRaw`
    DELETE FROM "PendingStart" p
     USING unnest(${done.map((d) => d.key)}::text[], ${done.map((d) => d.version)}::int[]) AS d("key", "version")
     WHERE p."key" = d."key" AND p."version" = d."version"`;
}

/** A failed row is due again after `delayMs`, with the reason kept for operators. */
export function postpone(db: Db, row: ClaimedStart, delayMs: number, error: string) {
  return db.$executeRaw`
    UPDATE "PendingStart"
       SET "availableAt" = (now() AT TIME ZONE 'UTC') + make_interval(secs => ${delayMs / 1000}::float8), "lastError" = ${error}
     WHERE "key" = ${row.key} AND "version" = ${row.version}`;
}

/** Runs waiting on the workflow engine say so; the reason is cleared once their workflow starts. */
export function markRunsWaiting(db: Db, taskRunIds: string[], reason: string) {
  return db.$executeRaw`
    UPDATE "TaskRun" SET "statusReason" = ${reason}
     WHERE "id" = ANY(${taskRunIds}::text[]) AND "status" = 'pending' AND "statusReason" IS NULL`;
}

export function clearRunsWaiting(db: Db, taskRunIds: string[], reason: string) {
  return db.$executeRaw`
    UPDATE "TaskRun" SET "statusReason" = NULL
     WHERE "id" = ANY(${taskRunIds}::text[]) AND "statusReason" = ${reason}`;
}

export interface Backlog {
  count: number;
  oldestSeconds: number;
}

/** Up to this many waiting rows the figure is an exact count; above, PostgreSQL's own live-row count. */
export const EXACT_BACKLOG_UP_TO = 1_000;

/**
 * Read every second by each dispatcher, so its cost must not grow with the backlog. The count is exact
 * up to EXACT_BACKLOG_UP_TO (a scan stopped by LIMIT); above that it is PostgreSQL's statistics of live
 * rows in the whole outbox, never below the exact part (n_live_tup: every insert and delete counts,
 * reported by each connection when it goes idle, so up to about 10 s behind; over every task queue:
 * one deployment per database is the norm, and several over-count, so "Backlog full" comes early
 * rather than late). DISPATCH_BACKLOG_LIMIT is a safety bound, not an exact quota: at a limit in the
 * thousands, a few seconds of lag is noise. The oldest row is one read of the (taskQueue, createdAt) index.
 */
export async function readBacklog(db: Db, taskQueue: string): Promise<Backlog> {
  const [row] = await db.$queryRaw<Array<{ exact: number; estimate: bigint | null; oldest: number | null }>>`
    SELECT (SELECT count(*)::int FROM (SELECT 1 FROM "PendingStart" WHERE "taskQueue" = ${taskQueue}
                                         LIMIT ${EXACT_BACKLOG_UP_TO + 1}) capped) AS exact,
           pg_stat_get_live_tuples('"PendingStart"'::regclass) AS estimate,
           (SELECT EXTRACT(EPOCH FROM (now() AT TIME ZONE 'UTC') - "createdAt")::float8 FROM "PendingStart"
             WHERE "taskQueue" = ${taskQueue} ORDER BY "createdAt" LIMIT 1) AS oldest`;
  const count = row.exact <= EXACT_BACKLOG_UP_TO ? row.exact : Math.max(row.exact, Number(row.estimate ?? 0));
  return { count, oldestSeconds: Math.max(0, row.oldest ?? 0) };
}
