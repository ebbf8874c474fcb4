// The circuit breaker's state, per endpoint, in PostgreSQL so every worker agrees. After each call
// the endpoint's run of failures moves in one UPDATE (and the circuit opens at the threshold, or
// closes on a success); while it is open, one probe per interval is let through, claimed by a
// conditional UPDATE so two workers never both probe. Times are the database's (UTC).
import type { Prisma } from '../../src/db/generated/client';
import type { Db } from '../../src/db/prisma';

const NOW = `(clock_timestamp() AT TIME ZONE 'UTC')`;
const NEXT_PROBE = `${NOW} + make_interval(secs => e."circuitProbeIntervalMs" / 1000.0)`;

export interface CircuitChange {
  opened: boolean;
  closed: boolean;
  openedAt: Date | null;
}

/**
 * A successful call: resets the run of failures, closes an open circuit and clears `failingSince`
 * (auto-disable's clock), in one statement that writes only when there is something to reset. A
 * healthy endpoint (the common case) costs one read: no row lock, no row write, so concurrent
 * deliveries to one endpoint do not queue on its row. Two successes at once close a circuit once:
 * the second sees the reset row and updates nothing.
 */
export async function clearEndpointFailures(db: Db, endpointId: string): Promise<CircuitChange> {
  const rows = await db.$queryRawUnsafe<{ wasOpenedAt: Date | null }[]>(
    `UPDATE "Endpoint" e SET "consecutiveFailures" = 0, "circuitOpenedAt" = NULL, "circuitNextProbeAt" = NULL,
       "circuitProbeAt" = NULL, "failingSince" = NULL
     FROM (SELECT "id", "circuitOpenedAt" AS "wasOpenedAt" FROM "Endpoint" WHERE "id" = $1) prev
     WHERE e."id" = prev."id" AND (e."consecutiveFailures" <> 0 OR e."circuitOpenedAt" IS NOT NULL OR e."circuitNextProbeAt" IS NOT NULL
       OR e."circuitProbeAt" IS NOT NULL OR e."failingSince" IS NOT NULL)
     RETURNING prev."wasOpenedAt"`,
    endpointId,
  );
  return { opened: false, closed: !!rows[0]?.wasOpenedAt, openedAt: null };
}

/**
 * Counts one failed call (a success goes through clearEndpointFailures); says whether it opened the circuit.
 * Runs in the caller's transaction so the opening and its announcement commit together (circuit-events.ts).
 */
export async function countCallForCircuit(db: Prisma.TransactionClient, endpointId: string, failure: string | null): Promise<CircuitChange> {
  const opens = `e."circuitFailureThreshold" IS NOT NULL AND e."consecutiveFailures" + 1 >= e."circuitFailureThreshold"`;
  const rows = await db.$queryRawUnsafe<{ wasOpenedAt: Date | null; circuitOpenedAt: Date | null }[]>(
    `WITH prev AS (SELECT "id", "circuitOpenedAt" AS "wasOpenedAt" FROM "Endpoint" WHERE "id" = $1 FOR UPDATE)
     UPDATE "Endpoint" e SET
       "consecutiveFailures" = e."consecutiveFailures" + 1,
       "circuitOpenedAt" = CASE WHEN e."circuitOpenedAt" IS NULL AND ${opens} THEN ${NOW} ELSE e."circuitOpenedAt" END,
       "circuitNextProbeAt" = CASE WHEN e."circuitOpenedAt" IS NOT NULL OR ${opens} THEN ${NEXT_PROBE} ELSE NULL END,
       "circuitProbeAt" = NULL,
       "circuitLastFailure" = $2
     FROM prev WHERE e."id" = prev."id"
     RETURNING prev."wasOpenedAt", e."circuitOpenedAt"`,
    endpointId,
    failure,
  );
  const row = rows[0];
  if (!row) return { opened: false, closed: false, openedAt: null };
  return { opened: !row.wasOpenedAt && !!row.circuitOpenedAt, closed: !!row.wasOpenedAt && !row.circuitOpenedAt, openedAt: row.circuitOpenedAt };
}

export type CircuitPass = { pass: true; probe: boolean } | { pass: false; nextProbeAt: Date | null; probing: boolean };

/** May a call go out now? Closed: yes. Open: only the one probe per interval. */
export async function passCircuit(db: Db, endpointId: string): Promise<CircuitPass> {
  const probe = await db.$queryRawUnsafe<{ id: string }[]>(
    `UPDATE "Endpoint" e SET "circuitProbeAt" = ${NOW}, "circuitNextProbeAt" = ${NEXT_PROBE}
      WHERE e."id" = $1 AND e."circuitOpenedAt" IS NOT NULL AND e."circuitNextProbeAt" <= ${NOW}
      RETURNING e."id"`,
    endpointId,
  );
  if (probe.length) return { pass: true, probe: true };
  const e = await db.endpoint.findUnique({ where: { id: endpointId }, select: { circuitOpenedAt: true, circuitNextProbeAt: true, circuitProbeAt: true } });
  if (!e?.circuitOpenedAt) return { pass: true, probe: false };
  return { pass: false, nextProbeAt: e.circuitNextProbeAt, probing: e.circuitProbeAt !== null };
}
