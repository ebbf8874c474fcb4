// The fanout tree's plan: the candidate endpoints after a cursor, cut into ranges of pageSize ids each,
// so the tree's workflows can take their pages side by side instead of walking a cursor one page after
// another. One read of ids only (the same candidates as the page query: subscribed, not deleted or
// disabled, the event's tenant); the last range is open so endpoints created meanwhile are not missed.
import type { Db } from '../../src/db/prisma';
import type { EndpointRange } from '../../src/workflow-contracts/event-fanout-input';

export interface FanoutCandidates {
  tenantId: string | null;
  /** The event-type patterns that match the event's type (src/domain/event-types.ts). */
  patterns: string[];
  afterEndpointId: string;
}

export async function planRanges(db: Db, c: FanoutCandidates, pageSize: number): Promise<EndpointRange[]> {
  const tenant = c.tenantId === null ? `"tenantId" IS NULL` : `"tenantId" = $4`;
  const rows = await db.$queryRawUnsafe<Array<{ id: string; n: bigint; total: bigint }>>(
    `SELECT "id", "n", "total" FROM (
       SELECT "id", row_number() OVER (ORDER BY "id") AS "n", count(*) OVER () AS "total" FROM "Endpoint"
        WHERE "status" IN ('active', 'paused') AND "deletedAt" IS NULL AND ${tenant}
          AND "eventTypes" && $1::text[] AND "id" > $2
     ) AS candidates
     WHERE "n" % $3 = 0 OR "n" = "total" ORDER BY "n"`,
    c.patterns, c.afterEndpointId, pageSize, ...(c.tenantId === null ? [] : [c.tenantId]),
  );
  if (rows.length === 0) return [];
  const total = Number(rows[0].total);
  // Every pageSize-th id ends a range; the last one needs no end of its own (its range is left open).
  const ends = rows.filter((r) => Number(r.n) % pageSize === 0 && Number(r.n) < total).map((r) => r.id);
  const starts = [c.afterEndpointId, ...ends];
  return starts.map((after, i) => ({ afterEndpointId: after, upToEndpointId: ends[i] ?? null }));
}
