// Starts accepted work in Temporal from the PendingStart outbox. Any number of dispatchers (API and
// worker processes) may run: each takes due rows with FOR UPDATE SKIP LOCKED under a lease. A worker's
// dispatcher shares the worker's connection and starts eagerly; it hears of every commit (NOTIFY). An
// API's dispatcher is woken by its own commits, but while a worker's dispatcher serves the queue it
// leaves it the rows younger than a short grace, so runs start eagerly; with no worker's dispatcher it
// dispatches everything. A periodic sweep is the backstop for all else (a crash between commit and
// start, Temporal coming back).
import { outsideTenantScope } from '../db/tenant-scope';
import type { Db } from '../db/prisma';
import type { Logger } from '../logger';
import { metrics } from '../metrics/metrics';
import {
  claimDueStarts,
  clearRunsWaiting,
  deleteDone,
  markRunsWaiting,
  postpone,
  readBacklog,
  type Backlog,
  type ClaimedStart,
} from './outbox-sql';
import { listenForOutbox, listeningDispatcherOnline, type OutboxWakeups } from './outbox-wakeups';
import { performStart, type StartTarget } from './perform-start';

/** statusReason of a pending run whose workflow could not be started yet. */
export const WAITING_FOR_ENGINE_REASON = 'waiting for the workflow engine (Temporal unreachable); it is delivered once Temporal is back';

export interface DispatcherOptions extends StartTarget {
  db: Db;
  logger: Logger;
  batchSize: number;
  sweepIntervalMs: number;
  /** Bound on one Temporal call. */
  startTimeoutMs: number;
  /** A worker's dispatcher (with `eager`): listen for every commit on the queue, and tell API dispatchers it does. */
  listen?: { databaseUrl: string };
  /** An API's dispatcher: while a worker's dispatcher listens for the queue, leave it the rows younger than this. */
  handoffGraceMs: number;
}

export interface Dispatcher {
  /** The task queue whose outbox rows this dispatcher starts. */
  taskQueue: string;
  /**
   * Look at the outbox now (after a commit). Cheap: nudges during a round fold into one more round. A
   * no-op while this dispatcher hands fresh rows to a worker's (the commit's notification wakes that one).
   */
  nudge(): void;
  /** The outbox size as of the last sweep (at most one sweep interval old). */
  backlog(): Backlog;
  stop(): Promise<void>;
}

/** Lease on claimed rows: longer than a round can take, short enough that a crashed dispatcher's rows come back soon. */
const LEASE_MS = 15_000;
const MAX_RETRY_DELAY_MS = 5_000;
const retryDelayMs = (tries: number) => Math.min(MAX_RETRY_DELAY_MS, 250 * 2 ** Math.max(0, tries - 1));

export function startDispatcher(o: DispatcherOptions): Dispatcher {
  let running: Promise<void> | undefined;
  let again = false;
  let stopped = false;
  let temporalDown = false;
  let lastBacklog: Backlog = { count: 0, oldestSeconds: 0 };
  // Set by the sweep in an API process: a worker's dispatcher listens for this queue.
  let handingOff = false;

  async function settle(claimed: ClaimedStart[]) {
    const now = Date.now();
    const results = await Promise.allSettled(claimed.map((c) => performStart(o, c.request, o.startTimeoutMs, now)));
    const done: ClaimedStart[] = [];
    const failed: Array<{ row: ClaimedStart; error: string }> = [];
    results.forEach((r, i) => {
      if (r.status === 'fulfilled') done.push(claimed[i]);
      else failed.push({ row: claimed[i], error: String((r.reason as Error)?.message ?? r.reason) });
    });
    if (done.length) {
      await deleteDone(o.db, done);
      const recovered = done.filter((d) => d.tries > 1 && d.taskRunId).map((d) => d.taskRunId!);
      if (recovered.length) await clearRunsWaiting(o.db, recovered, WAITING_FOR_ENGINE_REASON);
      metrics.dispatchStarts.inc({ result: 'started' }, done.length);
    }
    if (failed.length) {
      if (!temporalDown) o.logger.warn({ err: failed[0].error, failed: failed.length }, 'could not start workflows; they stay queued and are retried');
      await Promise.all(failed.map((f) => postpone(o.db, f.row, retryDelayMs(f.row.tries), f.error)));
      const waiting = failed.flatMap((f) => (f.row.taskRunId ? [f.row.taskRunId] : []));
      if (waiting.length) await markRunsWaiting(o.db, waiting, WAITING_FOR_ENGINE_REASON);
      metrics.dispatchStarts.inc({ result: 'failed' }, failed.length);
    }
    if (done.length && temporalDown) o.logger.info('Temporal reachable again: dispatching the queued work');
    temporalDown = failed.length > 0 && done.length === 0;
    return claimed.length;
  }

  async function round(): Promise<void> {
    do {
      again = false;
      // While Temporal is unreachable one row probes for it, instead of a whole batch waiting out its timeout.
      const graceMs = handingOff ? o.handoffGraceMs : 0;
      const claimed = await claimDueStarts(o.db, o.taskQueue, temporalDown ? 1 : o.batchSize, LEASE_MS, graceMs);
      if (claimed.length === 0) break;
      const handled = await settle(claimed);
      if (handled === o.batchSize && !temporalDown) again = true;
    } while (again && !stopped);
  }

  function kick() {
    if (stopped) return;
    if (running) {
      again = true;
      return;
    }
    // A nudge comes from a request; the round it starts serves every tenant (src/db/tenant-scope.ts).
    running = outsideTenantScope(round)
      .catch((err) => o.logger.warn({ err: (err as Error).message }, 'dispatch round failed; the sweep retries'))
      .finally(() => {
        running = undefined;
        if (again && !stopped) kick();
      });
  }

  const nudge = () => {
    if (!handingOff) kick();
  };

  async function sweep() {
    try {
      if (!o.listen) handingOff = await listeningDispatcherOnline(o.db, o.taskQueue);
    } catch (err) {
      handingOff = false; // cannot tell: dispatch everything
      o.logger.debug({ err: (err as Error).message }, 'could not tell whether a worker dispatches this queue');
    }
    try {
      lastBacklog = await readBacklog(o.db, o.taskQueue);
      metrics.dispatchBacklog.set(lastBacklog.count);
      metrics.dispatchBacklogOldest.set(lastBacklog.oldestSeconds);
    } catch (err) {
      o.logger.debug({ err: (err as Error).message }, 'could not read the dispatch backlog');
    }
    kick();
  }

  const wakeups: OutboxWakeups | undefined = o.listen
    ? listenForOutbox(o.listen.databaseUrl, o.taskQueue, kick, o.logger)
    : undefined;
  const timer = setInterval(sweep, o.sweepIntervalMs);
  timer.unref();
  void sweep();

  return {
    taskQueue: o.taskQueue,
    nudge,
    backlog: () => lastBacklog,
    async stop() {
      stopped = true;
      clearInterval(timer);
      await wakeups?.stop();
      await running;
    },
  };
}
