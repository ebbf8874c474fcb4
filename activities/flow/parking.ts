// Parking a run that must wait for its endpoint (src/services/parked-runs.ts holds the SQL and the
// locking rule). The gate and the claim throw MustWait; the delivery activity parks the run when its
// workflow can sleep (input.mayPark) and otherwise throws the older timed retry (`legacy`), which
// workflows started before parking existed still expect.
import type { ApplicationFailure } from '@temporalio/activity';
import type { Db } from '../../src/db/prisma';
import type { Handoff } from '../../src/dispatch/handoff';
import {
  lockParking,
  parkLockKey,
  parkRun,
  unparkRun,
  wakeParkedRuns,
  type ParkReason,
} from '../../src/services/parked-runs';

/** A run parked for something only a wake-up ends sleeps about this long at most (a backstop, not a poll). */
export const PARKED_BACKSTOP_MS = 120_000;
/** A paused endpoint is resumed by an operator: its runs look again only this often on their own. */
export const PAUSED_BACKSTOP_MS = 30 * 60_000;

export type WaitFor =
  | { reason: 'paused' }
  | { reason: 'circuit' }
  | { reason: 'concurrency'; flowKey: string; maxConcurrency: number }
  | { reason: 'rate'; flowKey: string; retryInMs: number; ratePerSecond: number }
  | { reason: 'fair_share'; flowKey: string };

/** The run cannot call now; `legacy` is the timed retry for workflows that cannot park. */
export class MustWait extends Error {
  constructor(
    readonly wait: WaitFor,
    readonly legacy: ApplicationFailure,
  ) {
    super(legacy.message);
  }
}

export interface ParkedRunRef {
  taskRunId: string;
  workflowId: string;
  endpointId: string;
}

const NOW = `(now() AT TIME ZONE 'UTC')`;
const inMs = (param: string) => `${NOW} + make_interval(secs => ${param}::float8 / 1000.0)`;
/** A backstop, spread ±25 % so runs parked together do not all look again at once. */
const backstop = (param: string) => `${NOW} + make_interval(secs => ${param}::float8 / 1000.0 * (0.75 + random() * 0.5))`;

/** When the run may go (SQL, parameters from $6), and whether what it waits for is already over. */
function plan(w: WaitFor): { mayGoAt: string; params: unknown[]; over: string | null; overParams: unknown[] } {
  switch (w.reason) {
    case 'paused':
      return { mayGoAt: backstop('$6'), params: [PAUSED_BACKSTOP_MS], over: `SELECT "status" <> 'paused' AS over FROM "Endpoint" WHERE "id" = $1`, overParams: [] };
    case 'circuit':
      // One parked run per endpoint wakes for the next probe; the rest sleep until the circuit closes.
      return {
        mayGoAt: `(SELECT CASE WHEN e."circuitProbeAt" IS NOT NULL OR EXISTS (
                     SELECT 1 FROM "ParkedRun" o WHERE o."endpointId" = $3 AND o."reason" = 'circuit' AND o."wokenAt" IS NULL
                        AND o."taskRunId" <> $1 AND o."mayGoAt" <= e."circuitNextProbeAt" + interval '1 second')
                   THEN ${backstop('$6')} ELSE GREATEST(${NOW}, e."circuitNextProbeAt") END
                   FROM "Endpoint" e WHERE e."id" = $3)`,
        params: [PARKED_BACKSTOP_MS],
        over: `SELECT "circuitOpenedAt" IS NULL AS over FROM "Endpoint" WHERE "id" = $1`,
        overParams: [],
      };
    case 'concurrency':
      return {
        mayGoAt: backstop('$6'),
        params: [PARKED_BACKSTOP_MS],
        over: `SELECT count(*) < $2 AS over FROM "FlowSlot" WHERE "flowKey" = $1 AND "expiresAt" > ${NOW}`,
        overParams: [w.maxConcurrency],
      };
    case 'rate':
      // Spaced one token apart behind the runs already parked for the rate: each wakes in its own window.
      return {
        mayGoAt: `GREATEST(${inMs('$6')}, (SELECT max(o."mayGoAt") FROM "ParkedRun" o WHERE o."flowKey" = $4 AND o."reason" = 'rate'
                     AND o."wokenAt" IS NULL AND o."taskRunId" <> $1) + make_interval(secs => 1.0 / $7::float8))`,
        params: [w.retryInMs, w.ratePerSecond],
        over: null,
        overParams: [],
      };
    case 'fair_share':
      return { mayGoAt: backstop('$6'), params: [PARKED_BACKSTOP_MS], over: null, overParams: [] };
  }
}

export interface Parking {
  /** Parks the run; returns ms until it may go on its own (0: go now, what it waited for is over). */
  park(run: ParkedRunRef, w: WaitFor): Promise<number>;
  /** A run that had parked got through: forget it. */
  unpark(taskRunId: string): Promise<void>;
  /** A slot of `flowKey` was freed (a global slot: `slot` deletes it in the same transaction). */
  freed(flowKey: string, reasons: ParkReason[], slot?: { number: number; taskRunId: string }): Promise<void>;
  /** A circuit closed: every run parked behind it goes. */
  circuitClosed(endpointId: string): Promise<void>;
}

export function createParking(db: Db, handoff: Handoff): Parking {
  return {
    async park(run, w) {
      const lock = w.reason === 'paused' || w.reason === 'circuit' ? parkLockKey('endpoint', run.endpointId) : parkLockKey('flow', w.flowKey);
      const flowKey = 'flowKey' in w ? w.flowKey : `endpoint:${run.endpointId}`;
      const p = plan(w);
      // Nothing to re-check (the fair share is re-checked in memory, a rate window by its timer): no
      // lock, so a backlog of hundreds parking at once does not queue on one lock holding the pool's connections.
      const over = p.over;
      if (!over) return parkRun(db, { ...run, flowKey, reason: w.reason }, p.mayGoAt, p.params);
      return db.$transaction(async (tx) => {
        await lockParking(tx, lock);
        const [check] = await tx.$queryRawUnsafe<{ over: boolean }[]>(over, w.reason === 'paused' || w.reason === 'circuit' ? run.endpointId : flowKey, ...p.overParams);
        if (check?.over) return 0;
        return parkRun(tx, { ...run, flowKey, reason: w.reason }, p.mayGoAt, p.params);
      });
    },

    async unpark(taskRunId) {
      await unparkRun(db, taskRunId);
    },

    async freed(flowKey, reasons, slot) {
      const woken = await db.$transaction(async (tx) => {
        await lockParking(tx, parkLockKey('flow', flowKey));
        if (slot) {
          await tx.$executeRaw`DELETE FROM "FlowSlot" WHERE "flowKey" = ${flowKey} AND "slot" = ${slot.number} AND "taskRunId" = ${slot.taskRunId}`;
        }
        return wakeParkedRuns(tx, handoff.taskQueue, { flowKey, reasons, limit: 1 });
      });
      if (woken) handoff.nudge();
    },

    async circuitClosed(endpointId) {
      const woken = await db.$transaction(async (tx) => {
        await lockParking(tx, parkLockKey('endpoint', endpointId));
        return wakeParkedRuns(tx, handoff.taskQueue, { endpointId, reasons: ['circuit'], limit: null });
      });
      if (woken) handoff.nudge();
    },
  };
}
