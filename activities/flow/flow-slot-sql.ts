// The global half of flow control, in PostgreSQL so every worker process sees the same limits.
// maxConcurrency: slots numbered 0 … max-1 (FlowSlot), taken with one INSERT; the primary key makes
// two workers choosing the same free slot collide, and the loser simply tries again later, so the
// limit can never be exceeded. rateLimitPerSecond: a token bucket row (FlowRateBucket) taken from
// with one conditional UPDATE, which PostgreSQL re-checks on the row's latest version.
// Times are the database's (UTC, as Prisma stores them), never a worker's clock.
import type { Db } from '../../src/db/prisma';
import type { FlowLimits } from '../../src/domain/flow-limits';

export type SlotAnswer =
  | { granted: true; slot: number | null }
  | { granted: false; why: 'concurrency' }
  | { granted: false; why: 'rate'; retryInMs: number };

const NOW = `(clock_timestamp() AT TIME ZONE 'UTC')`;

/** Takes a slot (maxConcurrency) and a token (rateLimitPerSecond) for `taskRunId`: both or neither. */
export async function tryTakeFlowSlot(db: Db, limits: FlowLimits, taskRunId: string, leaseMs: number): Promise<SlotAnswer> {
  let slot: number | null = null;
  if (limits.maxConcurrency !== null) {
    slot = await takeSlot(db, limits.key, limits.maxConcurrency, taskRunId, leaseMs);
    if (slot === null) return { granted: false, why: 'concurrency' };
  }
  if (limits.ratePerSecond !== null) {
    const retryInMs = await takeToken(db, limits.key, limits.ratePerSecond);
    if (retryInMs > 0) {
      if (slot !== null) await releaseFlowSlot(db, limits.key, slot, taskRunId);
      return { granted: false, why: 'rate', retryInMs };
    }
  }
  return { granted: true, slot };
}

async function takeSlot(db: Db, key: string, max: number, taskRunId: string, leaseMs: number): Promise<number | null> {
  const rows = await db.$queryRawUnsafe<{ slot: number }[]>(
    `INSERT INTO "FlowSlot" AS f ("flowKey", "slot", "taskRunId", "expiresAt")
     SELECT $1, s, $2, ${NOW} + make_interval(secs => $4::float8)
       FROM generate_series(0, $3::int - 1) AS s
      WHERE NOT EXISTS (SELECT 1 FROM "FlowSlot" g WHERE g."flowKey" = $1 AND g."slot" = s AND g."expiresAt" > ${NOW})
      ORDER BY s LIMIT 1
     ON CONFLICT ("flowKey", "slot") DO UPDATE SET "taskRunId" = EXCLUDED."taskRunId", "expiresAt" = EXCLUDED."expiresAt"
      WHERE f."expiresAt" <= ${NOW}
     RETURNING f."slot"`,
    key,
    taskRunId,
    max,
    leaseMs / 1000,
  );
  return rows[0]?.slot ?? null;
}

/** Takes one token; returns 0, or how long until the next one (nothing taken). */
async function takeToken(db: Db, key: string, rate: number): Promise<number> {
  // The bucket holds at most one second's worth: that is the burst.
  const refilled = `LEAST($2::float8, b."tokens" + GREATEST(0, EXTRACT(EPOCH FROM (${NOW} - b."refilledAt")))::float8 * $2::float8)`;
  const taken = await db.$executeRawUnsafe(
    `UPDATE "FlowRateBucket" b SET "tokens" = ${refilled} - 1, "refilledAt" = ${NOW} WHERE b."flowKey" = $1 AND ${refilled} >= 1`,
    key,
    rate,
  );
  if (taken === 1) return 0;
  // A new key starts with a full bucket.
  const created = await db.$executeRawUnsafe(
    `INSERT INTO "FlowRateBucket" ("flowKey", "tokens", "refilledAt") VALUES ($1, $2::float8 - 1, ${NOW}) ON CONFLICT DO NOTHING`,
    key,
    rate,
  );
  if (created === 1) return 0;
  const [bucket] = await db.$queryRawUnsafe<{ available: number }[]>(`SELECT ${refilled} AS "available" FROM "FlowRateBucket" b WHERE b."flowKey" = $1`, key, rate);
  return Math.max(1, Math.ceil(((1 - (bucket?.available ?? 0)) / rate) * 1000));
}

/** Pushes a held slot's expiry on while its call lasts. */
export function renewFlowSlot(db: Db, key: string, slot: number, taskRunId: string, leaseMs: number) {
  return db.$executeRawUnsafe(
    `UPDATE "FlowSlot" SET "expiresAt" = ${NOW} + make_interval(secs => $4::float8) WHERE "flowKey" = $1 AND "slot" = $2 AND "taskRunId" = $3`,
    key,
    slot,
    taskRunId,
    leaseMs / 1000,
  );
}

export function releaseFlowSlot(db: Db, key: string, slot: number, taskRunId: string) {
  return db.$executeRaw`DELETE FROM "FlowSlot" WHERE "flowKey" = ${key} AND "slot" = ${slot} AND "taskRunId" = ${taskRunId}`;
}
