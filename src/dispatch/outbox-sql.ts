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

export async function readBacklog(db: Db, taskQueue: string): Promise<Backlog> {
  const [row] = await db.$queryRaw<Array<{ count: bigint; oldest: number | null }>>`
    SELECT count(*) AS count,
           EXTRACT(EPOCH FROM (now() AT TIME ZONE 'UTC') - min("createdAt"))::float8 AS oldest
      FROM "PendingStart" WHERE "taskQueue" = ${taskQueue}`;
  return { count: Number(row.count), oldestSeconds: Math.max(0, row.oldest ?? 0) };
}
