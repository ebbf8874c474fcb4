// Backlog (issue 36): N triggers accepted while Temporal is stopped (task runs and events, 4:1), then
// Temporal started again and the backlog drained while new task runs keep arriving at half of E's rate.
// Read off it: how fast the backlog fills and drains (against E), what the API's answers cost meanwhile
// (against half load with no backlog, measured first), what the dispatchers' once-a-second backlog
// figure costs at N (against 0), and that every accepted trigger arrives exactly once.
import type { ApiClient } from '../api-client';
import { timeBacklogFigure, type BacklogFigureCost } from '../backlog-figure-cost';
import { startPacedSender, type ReferenceRate } from '../paced-sender';
import { runPool } from '../pool';
import type { BenchReceiver } from '../receiver';
import type { PartBase } from '../result';
import { BENCH_TASK_QUEUE, type BenchStack } from '../stack';
import { percentile, perSecond, ratio, round, summarize, type LatencySummary } from '../stats';
import { createEndpoint } from './endpoints';

export interface BacklogPart extends PartBase {
  count: number;
  /** E's deliveries/s the drain is read against, and where it came from. */
  eRate?: number;
  eRateFrom?: string;
  /** API answer p99 at half of E with no backlog (before the fill). */
  halfLoadApiP99Ms?: number;
  fill?: { taskRuns: number; events: number; elapsedMs: number; perSecond?: number; apiP99Ms?: number };
  /**
   * Temporal started → the last backlog trigger delivered, with new runs arriving at `loadPerSecond`.
   * `perSecond` counts every delivery in that window, the backlog's and the new runs' (E is the whole
   * machine's rate, so the backlog alone could reach only about E minus the new runs); `backlogPerSecond`
   * the backlog's alone.
   */
  drain?: {
    elapsedMs?: number;
    perSecond?: number;
    backlogPerSecond?: number;
    overE?: number;
    apiP99Ms?: number;
    loadPerSecond: number;
    liveAccepted: number;
    temporalRestartMs: number;
    /** New runs sent during the drain: send → arrival. The outbox is first in, first out, so they wait behind the backlog. */
    newRunArrival?: LatencySummary;
  };
  drainApiP99OverHalfLoad?: number;
  figureCost?: { atZero: BacklogFigureCost; atN: BacklogFigureCost; overAllowance?: number };
  /** Accepted (backlog and live) but never delivered; delivered twice (same webhook-id). */
  lost?: number;
  duplicated?: number;
}

/** No-backlog half-load window before the fill. */
const BASELINE_MS = 15_000;
const TAGS = { runs: 'backlog', events: 'backlog-ev', live: 'backlog-live', base: 'backlog-base' };

/** The backlog figure "costs the same" at N as at 0: within 1.5× or 1 ms of it (one-call timings are noisy). */
export const figureCostAllowanceMs = (atZeroMs: number) => Math.max(1.5 * atZeroMs, atZeroMs + 1);

const p99 = (ms: number[]) => round(percentile(ms, 99));

export async function runBacklog(
  ctx: { api: ApiClient; receiver: BenchReceiver; stack: BenchStack },
  count: number,
  concurrency: number,
  e: ReferenceRate,
  timeoutMs: number,
  progress: (line: string) => void,
): Promise<BacklogPart> {
  const { api, receiver, stack } = ctx;
  const temporal = stack.temporal;
  if (!temporal) throw new Error("needs the bench's own Temporal dev server (not --temporal=cluster or an external one)");
  const halfRate = e.rate / 2;
  const type = `backlog-bench.e${Date.now().toString(36)}`; // matched by exactly one endpoint
  const runsEndpoint = await createEndpoint(api, receiver.url(TAGS.runs));
  await createEndpoint(api, receiver.url(TAGS.events), { eventTypes: [type] });
  const liveEndpoint = await createEndpoint(api, receiver.url(TAGS.live));
  const baseEndpoint = await createEndpoint(api, receiver.url(TAGS.base));

  progress(`backlog: ${BASELINE_MS / 1000} s of task runs at ${round(halfRate)}/s (half of E, ${e.from}) with no backlog`);
  const base = startPacedSender(api, baseEndpoint, TAGS.base, halfRate);
  const baseStarted = performance.now();
  await new Promise((r) => setTimeout(r, BASELINE_MS));
  await base.stop();
  const halfLoadApiP99Ms = p99(base.answersBetween(baseStarted, Infinity));
  await receiver.waitForOk(TAGS.base, base.accepted().length, timeoutMs);
  const atZero = await timeBacklogFigure(stack.databaseUrl, BENCH_TASK_QUEUE);
  progress(`backlog: half-load API p99 ${halfLoadApiP99Ms} ms; backlog figure at ${atZero.exact}: ${atZero.medianMs} ms. Stopping Temporal`);

  await temporal.stop();
  const fillMs: number[] = [];
  const fillStarted = performance.now();
  // A fill that fails (a refused trigger) still leaves Temporal running for the parts after this one.
  await runPool(
    count,
    concurrency,
    async (i) => {
      const sent = performance.now();
      const payload = { benchId: `backlog-${i}`, kind: 'bench.delivery', n: i };
      if (i % 5 === 4) await api.ok('POST', '/v1/events', { type, payload });
      else await api.ok('POST', '/v1/task-runs', { endpointId: runsEndpoint, payload });
      fillMs.push(performance.now() - sent);
    },
    (done) => progress(`backlog fill: ${done}/${count} accepted (${perSecond(done, performance.now() - fillStarted)}/s), API p99 ${p99(fillMs)} ms`),
  ).catch(async (err: unknown) => {
    await temporal.start();
    throw err;
  });
  const fillElapsed = performance.now() - fillStarted;
  const events = Math.floor(count / 5); // i % 5 === 4
  const fill = { taskRuns: count - events, events, elapsedMs: Math.round(fillElapsed), perSecond: perSecond(count, fillElapsed), apiP99Ms: p99(fillMs) };
  const atN = await timeBacklogFigure(stack.databaseUrl, BENCH_TASK_QUEUE);
  progress(`backlog: ${count} accepted in ${round(fillElapsed / 1000)} s, API p99 ${fill.apiP99Ms} ms; backlog figure ${atN.figure} (exact ${atN.exact}): ${atN.medianMs} ms. Starting Temporal`);

  const restartAt = performance.now();
  await temporal.start();
  const drainStarted = performance.now();
  const live = startPacedSender(api, liveEndpoint, TAGS.live, halfRate);
  const backlogDelivered = () => receiver.okCount(TAGS.runs) + receiver.okCount(TAGS.events);
  const drainTimeoutMs = Math.max(timeoutMs, count * 50);
  let drainEnded: number | undefined;
  let lastReport = drainStarted;
  while (performance.now() - drainStarted < drainTimeoutMs) {
    if (backlogDelivered() >= count) {
      drainEnded = performance.now();
      break;
    }
    if (performance.now() - lastReport > 3000) {
      lastReport = performance.now();
      const live99 = p99(live.answersBetween(drainStarted, Infinity));
      progress(
        `backlog drain: ${backlogDelivered()}/${count} delivered (${perSecond(backlogDelivered(), lastReport - drainStarted)}/s); ` +
          `new runs ${receiver.okCount(TAGS.live)}/${live.accepted().length} delivered, API p99 ${live99} ms at ${round(halfRate)}/s`,
      );
    }
    await new Promise((r) => setTimeout(r, 20));
  }
  await live.stop();
  const drainElapsed = drainEnded === undefined ? undefined : drainEnded - drainStarted;
  const backlogRate = drainElapsed === undefined ? undefined : perSecond(count, drainElapsed);
  const liveInDrain = live.accepted().filter((i) => (receiver.arrivals.get(`${TAGS.live}-${i}`) ?? Infinity) <= (drainEnded ?? -Infinity)).length;
  const drainRate = drainElapsed === undefined ? undefined : perSecond(count + liveInDrain, drainElapsed);
  const drainApiP99Ms = p99(live.answersBetween(drainStarted, drainEnded ?? Infinity));
  await receiver.waitForOk(TAGS.live, live.accepted().length, timeoutMs).catch(() => undefined);
  const newRunArrival = summarize(
    live.accepted().flatMap((i) => {
      const arrived = receiver.arrivals.get(`${TAGS.live}-${i}`);
      const sent = live.sentAt(i);
      return arrived === undefined || sent === undefined || sent > (drainEnded ?? Infinity) ? [] : [arrived - sent];
    }),
  );
  await new Promise((r) => setTimeout(r, 2000)); // a late second delivery would show up here

  const missing = (ids: string[]) => ids.filter((id) => !receiver.arrivals.has(id)).length;
  const lost =
    missing(Array.from({ length: count }, (_, i) => `backlog-${i}`)) + missing(live.accepted().map((i) => `${TAGS.live}-${i}`)) +
    missing(base.accepted().map((i) => `${TAGS.base}-${i}`));
  const duplicated = Object.values(TAGS).reduce((n, tag) => n + receiver.duplicates(tag), 0);
  progress(`backlog: drained in ${drainElapsed === undefined ? 'TIMEOUT' : `${round(drainElapsed / 1000)} s`} (${drainRate}/s with the new runs, ${backlogRate}/s of backlog; E ${e.rate}/s), API p99 ${drainApiP99Ms} ms; new runs send → arrival p50 ${newRunArrival.p50Ms} / p99 ${newRunArrival.p99Ms} ms; ${drainEnded === undefined ? 'not delivered yet' : 'lost'} ${lost}, duplicated ${duplicated}`);
  return {
    status: 'ok',
    count,
    eRate: e.rate,
    eRateFrom: e.from,
    halfLoadApiP99Ms,
    fill,
    drain: {
      elapsedMs: drainElapsed === undefined ? undefined : Math.round(drainElapsed),
      perSecond: drainRate,
      backlogPerSecond: backlogRate,
      overE: ratio(drainRate, e.rate),
      apiP99Ms: drainApiP99Ms,
      loadPerSecond: round(halfRate)!,
      liveAccepted: live.accepted().length,
      temporalRestartMs: Math.round(drainStarted - restartAt),
      newRunArrival,
    },
    drainApiP99OverHalfLoad: ratio(drainApiP99Ms, halfLoadApiP99Ms),
    figureCost: { atZero, atN, overAllowance: atN.medianMs === undefined || atZero.medianMs === undefined ? undefined : round(atN.medianMs / figureCostAllowanceMs(atZero.medianMs), 2) },
    lost,
    duplicated,
  };
}
