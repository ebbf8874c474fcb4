// The delivery activity's gate before each call, per flow key (an endpoint, or the endpoints that
// share a flowControlKey): the worker's fair share of its delivery slots (in memory, per process)
// and the key's global limits (PostgreSQL, see flow-slot-sql.ts). A run waits here, heartbeating,
// before its call's timeout starts and without spending an attempt. Only a few runs per key wait in
// place, and one at a time asks the database; the others give their worker slot back at once and
// park (MustWait, parking.ts) until a freed slot or the next rate window wakes them; workflows
// that cannot park come back later instead (a `DeliveryThrottled` retry, which spends no attempt).
import { ApplicationFailure, Context } from '@temporalio/activity';
import type { Db } from '../../src/db/prisma';
import { FLOW_WAIT_IN_PLACE_MS } from '../../src/domain/delivery-timing';
import { fairShareSlots, hasGlobalLimits, type FlowLimits } from '../../src/domain/flow-limits';
import { FAILURE_TYPES } from '../../src/workflow-contracts/task-run-input';
import { releaseFlowSlot, renewFlowSlot, tryTakeFlowSlot } from './flow-slot-sql';
import { MustWait, type Parking, type WaitFor } from './parking';

export type WaitReason = 'concurrency' | 'rate' | 'fair_share';

/** A global slot is held this long unless renewed: a dead worker's slots free up after this. */
const LEASE_MS = 15_000;
const RENEW_EVERY_MS = 5_000;
/** Between two asks of the database while a limit is reached (a local release asks at once). */
const POLL_MS = 100;
const ENDS_WINDOW_MS = 30_000;

export interface FlowLease {
  release(): Promise<void>;
}

export interface FlowGate {
  /**
   * Resolves once the run may call; `onWait` is told (once) why it waits. Throws MustWait when the
   * run should give its worker slot back and park (or, unparkable, come back later).
   */
  enter(call: GatedCall, onWait: (why: WaitReason) => Promise<void>): Promise<FlowLease>;
  /** A run of `key` is about to park for the fair share: the next local release wakes one. */
  noteParkedForShare(key: string): void;
  /** Room in this worker's fair share for `key` now (a parker's last look). */
  hasRoom(key: string): boolean;
  /** Calls in flight from this worker per flow key (metrics). */
  inFlight(): Map<string, number>;
}

export interface GatedCall {
  limits: FlowLimits;
  taskRunId: string;
  /** The call's own timeout: the longest a slot stays taken by it. */
  timeoutMs: number;
}

interface KeyState {
  inFlight: number;
  waiting: number;
  /** The waiter at the head asks; the rest queue behind it (FIFO). */
  queue: Promise<void>;
  wakers: Set<() => void>;
  /** When calls ended here in the last ENDS_WINDOW_MS, to guess how soon a run turned away finds room. */
  ends: number[];
  since: number;
  /** When each call in flight here gives up at the latest (its timeout). */
  deadlines: Set<number>;
  /** Runs turned away lately (run id → when): they are the queue behind the waiters. */
  turnedAway: Map<string, number>;
  /** Runs this worker parked for the fair share and has not woken yet. */
  parkedForShare: number;
}

export interface FlowGateOptions {
  db: Db;
  /** The worker's delivery slots (maxConcurrentActivityTaskExecutions). */
  workerSlots: number;
  /** Share of them one flow key may use at once (0 < share ≤ 1). */
  fairShare: number;
  /** Wakes parked runs when a slot frees; without it runs turned away only retry later. */
  parking?: Parking;
}

function throttled(l: FlowLimits, why: WaitReason, delayMs: number, retryInMs = delayMs): MustWait {
  const jittered = Math.round(delayMs * (0.75 + Math.random() / 2));
  const legacy = ApplicationFailure.create({ type: FAILURE_TYPES.throttled, message: `waiting for a delivery slot (${why})`, nextRetryDelay: jittered });
  const wait: WaitFor =
    why === 'rate'
      ? { reason: 'rate', flowKey: l.key, retryInMs, ratePerSecond: l.ratePerSecond ?? 1 }
      : why === 'concurrency'
        ? { reason: 'concurrency', flowKey: l.key, maxConcurrency: l.maxConcurrency ?? 1 }
        : { reason: 'fair_share', flowKey: l.key };
  return new MustWait(wait, legacy);
}

function cancelled(): boolean {
  try {
    return Context.current().cancellationSignal.aborted;
  } catch {
    return false;
  }
}

export function createFlowGate(o: FlowGateOptions): FlowGate {
  const share = fairShareSlots(o.workerSlots, o.fairShare);
  const keys = new Map<string, KeyState>();
  const stateOf = (key: string) => {
    let s = keys.get(key);
    if (!s && keys.size >= 10_000) {
      for (const [k, idle] of keys) if (idle.inFlight === 0 && idle.waiting === 0) keys.delete(k);
    }
    if (!s) keys.set(key, (s = { inFlight: 0, waiting: 0, queue: Promise.resolve(), wakers: new Set(), ends: [], since: Date.now(), deadlines: new Set(), turnedAway: new Map(), parkedForShare: 0 }));
    return s;
  };
  // A run turned away comes back about when the runs queued ahead of it (waiting here, or turned
  // away lately) have gone through, at the pace calls have been ending here; before any has ended,
  // when the first call in flight times out at the latest. 0.5 … 30 s: a hung receiver's backlog
  // of hundreds then costs the worker and Temporal a few tries per second, not hundreds.
  const comeBackInMs = (s: KeyState, taskRunId: string) => {
    const now = Date.now();
    for (const [id, at] of s.turnedAway) if (at < now - 60_000) s.turnedAway.delete(id);
    s.turnedAway.set(taskRunId, now);
    while (s.ends.length && s.ends[0] < now - ENDS_WINDOW_MS) s.ends.shift();
    const perSecond = (s.ends.length / Math.max(1, Math.min(ENDS_WINDOW_MS, now - s.since))) * 1000;
    const queued = s.waiting + s.turnedAway.size;
    const ms = perSecond > 0 ? (queued / perSecond) * 1000 : s.deadlines.size ? Math.min(...s.deadlines) - now : 1000;
    return Math.min(30_000, Math.max(500, ms));
  };
  const wake = (s: KeyState) => {
    for (const w of s.wakers) w();
  };
  const nap = (s: KeyState, ms: number) =>
    new Promise<void>((resolve) => {
      const done = () => {
        clearTimeout(timer);
        s.wakers.delete(done);
        resolve();
      };
      const timer = setTimeout(done, ms);
      s.wakers.add(done);
    });
  // Waiters per key per worker: enough to refill every freed slot at once, few enough to leave the
  // worker's slots to other keys.
  const waitCap = (l: FlowLimits) => Math.min(32, Math.max(8, l.maxConcurrency ?? 0, l.ratePerSecond ?? 0));

  async function waitForTurn(l: FlowLimits, s: KeyState, taskRunId: string, onWait: (why: WaitReason) => Promise<void>): Promise<number | null> {
    const giveUpAt = Date.now() + FLOW_WAIT_IN_PLACE_MS;
    let told = false;
    const tell = async (why: WaitReason) => {
      if (!told) await onWait(why);
      told = true;
    };
    for (;;) {
      if (s.inFlight >= share) {
        await tell('fair_share');
      } else if (!hasGlobalLimits(l)) {
        return null;
      } else {
        const answer = await tryTakeFlowSlot(o.db, l, taskRunId, LEASE_MS);
        if (answer.granted) return answer.slot;
        await tell(answer.why);
        if (Date.now() > giveUpAt || cancelled()) throw throttled(l, answer.why, comeBackInMs(s, taskRunId), answer.why === 'rate' ? answer.retryInMs : undefined);
        await nap(s, answer.why === 'rate' ? Math.min(answer.retryInMs, 1000) : POLL_MS);
        continue;
      }
      if (Date.now() > giveUpAt || cancelled()) throw throttled(l, 'fair_share', comeBackInMs(s, taskRunId));
      await nap(s, 1000);
    }
  }

  return {
    inFlight: () => new Map([...keys].filter(([, s]) => s.inFlight > 0).map(([k, s]) => [k, s.inFlight])),

    noteParkedForShare(key) {
      stateOf(key).parkedForShare++;
    },

    hasRoom: (key) => (keys.get(key)?.inFlight ?? 0) < share,

    async enter({ limits: l, taskRunId, timeoutMs }, onWait) {
      const s = stateOf(l.key);
      // Fast path: nobody waiting, room in the fair share, no global limits.
      if (s.waiting === 0 && s.inFlight < share && !hasGlobalLimits(l)) {
        s.inFlight++;
        s.turnedAway.delete(taskRunId);
        return localLease(s, l.key, timeoutMs);
      }
      if (s.waiting >= waitCap(l)) {
        const why: WaitReason = s.inFlight >= share ? 'fair_share' : l.maxConcurrency !== null ? 'concurrency' : 'rate';
        await onWait(why);
        throw throttled(l, why, comeBackInMs(s, taskRunId), why === 'rate' ? 1000 / (l.ratePerSecond ?? 1) : undefined);
      }
      s.waiting++;
      const previous = s.queue;
      let leave!: () => void;
      s.queue = new Promise<void>((r) => (leave = r));
      try {
        await previous;
        const slot = await waitForTurn(l, s, taskRunId, onWait);
        s.inFlight++;
        s.turnedAway.delete(taskRunId);
        return slot !== null ? globalLease(s, l.key, slot, taskRunId, timeoutMs) : localLease(s, l.key, timeoutMs);
      } finally {
        s.waiting--;
        leave();
      }
    },
  };

  function localLease(s: KeyState, key: string, timeoutMs: number): FlowLease {
    let released = false;
    // Unique per lease (a Set of numbers): nudged past an equal deadline.
    let deadline = Date.now() + timeoutMs;
    while (s.deadlines.has(deadline)) deadline++;
    s.deadlines.add(deadline);
    return {
      async release() {
        if (released) return;
        released = true;
        s.inFlight--;
        s.deadlines.delete(deadline);
        s.ends.push(Date.now());
        if (s.ends.length > 10_000) s.ends.shift();
        wake(s);
        if (s.parkedForShare > 0 && o.parking) {
          s.parkedForShare--;
          await o.parking.freed(key, ['fair_share']).catch(() => undefined); // the backstop wakes it
        }
      },
    };
  }

  function globalLease(s: KeyState, key: string, slot: number, taskRunId: string, timeoutMs: number): FlowLease {
    const local = localLease(s, key, timeoutMs);
    const renew = setInterval(() => {
      renewFlowSlot(o.db, key, slot, taskRunId, LEASE_MS).catch(() => undefined); // expiry is the backstop
    }, RENEW_EVERY_MS);
    return {
      async release() {
        clearInterval(renew);
        // Freed in the database first, so the local waiter woken next finds the slot free; the oldest
        // run parked for a slot of the key is woken by the same transaction.
        const freed = o.parking
          ? o.parking.freed(key, ['concurrency'], { number: slot, taskRunId })
          : releaseFlowSlot(o.db, key, slot, taskRunId);
        await freed.catch(() => undefined);
        await local.release();
      },
    };
  }
}
