// Latency: task runs sent at a fixed rate (about half of E's maximum), each timed from the moment the
// client sends it to the API until the receiver has it.
import type { ApiClient } from '../api-client';
import type { Ledger } from '../ledger';
import type { BenchReceiver } from '../receiver';
import type { LatencyPart } from '../result';
import { perSecond, summarize } from '../stats';
import { createEndpoint } from './endpoints';

export async function runLatency(
  ctx: { api: ApiClient; receiver: BenchReceiver; ledger: Ledger },
  count: number,
  ratePerSecond: number,
  timeoutMs: number,
  progress: (line: string) => void,
): Promise<LatencyPart & { endpointId: string }> {
  const { api, receiver } = ctx;
  const endpointId = await createEndpoint(api, receiver.url('lat'));
  const sentAt = new Array<number>(count);
  const apiMs: number[] = [];
  const intervalMs = 1000 / ratePerSecond;
  const started = performance.now();
  const sends: Promise<void>[] = [];
  for (let i = 0; i < count; i++) {
    // Open loop: each send leaves at its own time, whatever the earlier ones are doing.
    const due = started + i * intervalMs;
    const wait = due - performance.now();
    if (wait > 1) await new Promise((r) => setTimeout(r, wait));
    sentAt[i] = performance.now();
    sends.push(
      api.ok('POST', '/v1/task-runs', { endpointId, payload: { benchId: `lat-${i}`, kind: 'bench.delivery', n: i } }).then(() => {
        apiMs.push(performance.now() - sentAt[i]);
      }),
    );
    if (i > 0 && i % Math.max(1, Math.round(ratePerSecond * 2)) === 0) progress(`latency sent ${i}/${count}`);
  }
  const sendElapsed = performance.now() - started;
  await Promise.all(sends);
  await receiver.waitForOk('lat', count, timeoutMs, (n) => progress(`latency delivered ${n}/${count}`));
  const latencies = sentAt.map((t, i) => receiver.arrivals.get(`lat-${i}`)! - t);
  await ctx.ledger.waitForRuns([endpointId], 'success', count, timeoutMs);
  const timings = await ctx.ledger.runTimings(endpointId);
  return {
    status: 'ok',
    endpointId,
    count,
    targetPerSecond: Math.round(ratePerSecond * 10) / 10,
    achievedPerSecond: perSecond(count - 1, sendElapsed),
    acceptToArrival: summarize(latencies),
    apiResponse: summarize(apiMs),
    createdToAttempt: summarize(timings.createdToAttemptMs),
    http: summarize(timings.httpMs),
  };
}
