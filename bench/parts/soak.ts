// Soak (issue 36): task runs at half of E's rate for M minutes on the bench's stack, every default on
// but the per-key rate limit. One line a minute: the memory of each process, deliveries sent and
// received, the API's p99. At the end: every run delivered, the API's and worker's memory growth from
// minute 5 on (a leak shows there; the first minutes are warm-up), and the worst minute's p99 against
// the median minute's.
import type { ApiClient } from '../api-client';
import { startPacedSender, type ReferenceRate } from '../paced-sender';
import type { BenchReceiver } from '../receiver';
import type { PartBase } from '../result';
import type { BenchStack } from '../stack';
import { percentile, ratio, round } from '../stats';
import { treeRssMb } from '../tree-rss';
import { createEndpoint } from './endpoints';

export interface SoakMinute {
  minute: number;
  /** RSS at the minute's end, MB; PostgreSQL summed over its processes. */
  rssMb: { api?: number; worker?: number; temporal?: number; postgres?: number };
  sent: number;
  received: number;
  apiP99Ms?: number;
}

export interface SoakPart extends PartBase {
  minutes: number;
  ratePerSecond?: number;
  eRateFrom?: string;
  byMinute?: SoakMinute[];
  sent?: number;
  lost?: number;
  duplicated?: number;
  /** RSS growth from the end of minute RSS_FROM_MINUTE to the end, %; absent with too few minutes. */
  apiRssGrowthPct?: number;
  workerRssGrowthPct?: number;
  rssGrowthNote?: string;
  medianMinuteP99Ms?: number;
  maxMinuteP99OverMedian?: number;
}

/** Memory growth is read from this minute on (the first minutes fill caches and pools). */
export const RSS_FROM_MINUTE = 5;
/** Below this many minutes the growth after minute 5 says nothing. */
const MIN_MINUTES_FOR_RSS = 7;
const TAG = 'soak';

const growthPct = (from: number | undefined, to: number | undefined) =>
  from && to !== undefined ? round(((to - from) / from) * 100) : undefined;

export async function runSoak(
  ctx: { api: ApiClient; receiver: BenchReceiver; stack: BenchStack },
  minutes: number,
  e: ReferenceRate,
  timeoutMs: number,
  progress: (line: string) => void,
): Promise<SoakPart> {
  const { api, receiver, stack } = ctx;
  const rate = e.rate / 2;
  const endpointId = await createEndpoint(api, receiver.url(TAG));
  progress(`soak: ${minutes} min of task runs at ${round(rate)}/s (half of E, ${e.from})`);
  const sender = startPacedSender(api, endpointId, TAG, rate);
  const byMinute: SoakMinute[] = [];
  let minuteStart = performance.now();
  let sentBefore = 0;
  let receivedBefore = receiver.okCount(TAG);
  for (let minute = 1; minute <= minutes; minute++) {
    await new Promise((r) => setTimeout(r, minuteStart + 60_000 - performance.now()));
    const end = performance.now();
    const sent = sender.accepted().length + sender.refused();
    const row: SoakMinute = {
      minute,
      rssMb: { api: treeRssMb(stack.pids.api), worker: treeRssMb(stack.pids.worker), temporal: treeRssMb(stack.pids.temporal), postgres: treeRssMb(stack.pids.postgres) },
      sent: sent - sentBefore,
      received: receiver.okCount(TAG) - receivedBefore,
      apiP99Ms: round(percentile(sender.answersBetween(minuteStart, end), 99)),
    };
    byMinute.push(row);
    const m = row.rssMb;
    progress(
      `soak minute ${minute}/${minutes}: RSS API ${m.api} MB, worker ${m.worker} MB, Temporal ${m.temporal} MB, PostgreSQL ${m.postgres} MB; ` +
        `sent ${row.sent}, received ${row.received}; API p99 ${row.apiP99Ms} ms`,
    );
    [minuteStart, sentBefore, receivedBefore] = [end, sent, receiver.okCount(TAG)];
  }
  await sender.stop();
  const accepted = sender.accepted();
  await receiver.waitForOk(TAG, accepted.length, timeoutMs).catch(() => undefined);
  const lost = accepted.filter((i) => !receiver.arrivals.has(`${TAG}-${i}`)).length + sender.refused();
  const enough = minutes >= MIN_MINUTES_FOR_RSS;
  const from = byMinute[RSS_FROM_MINUTE - 1]?.rssMb;
  const last = byMinute[byMinute.length - 1]?.rssMb;
  const p99s = byMinute.flatMap((m) => (m.apiP99Ms === undefined ? [] : [m.apiP99Ms]));
  const medianMinuteP99Ms = percentile(p99s, 50);
  const result: SoakPart = {
    status: 'ok',
    minutes,
    ratePerSecond: round(rate),
    eRateFrom: e.from,
    byMinute,
    sent: accepted.length + sender.refused(),
    lost,
    duplicated: receiver.duplicates(TAG),
    apiRssGrowthPct: enough ? growthPct(from?.api, last?.api) : undefined,
    workerRssGrowthPct: enough ? growthPct(from?.worker, last?.worker) : undefined,
    rssGrowthNote: enough ? undefined : `RSS growth after minute ${RSS_FROM_MINUTE} needs at least ${MIN_MINUTES_FOR_RSS} minutes (--soak-minutes=${minutes})`,
    medianMinuteP99Ms,
    maxMinuteP99OverMedian: ratio(p99s.length ? Math.max(...p99s) : undefined, medianMinuteP99Ms),
  };
  progress(
    `soak: ${result.sent} sent, lost ${lost}, duplicated ${result.duplicated}; ` +
      (enough ? `RSS growth after minute ${RSS_FROM_MINUTE}: API ${result.apiRssGrowthPct} %, worker ${result.workerRssGrowthPct} %` : result.rssGrowthNote!) +
      `; worst minute p99 / median ${result.maxMinuteP99OverMedian} (median ${medianMinuteP99Ms} ms)`,
  );
  return result;
}
