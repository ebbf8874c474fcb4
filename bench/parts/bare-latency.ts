// L0: bare Temporal's own latency at the latency part's rate: the client starts a one-activity
// workflow, and the time runs until its activity runs in this process. EdgeCron's accept→arrival is
// read against it (issue 30's goal: at most 1.0 × L0 at p50).
import type { BareLatencyPart } from '../result';
import type { BenchStack } from '../stack';
import { perSecond, summarize } from '../stats';
import { startBareTemporal } from '../t0/worker';

const TASK_QUEUE = 'edgecron-bench-l0';

export async function runBareLatency(
  stack: BenchStack,
  count: number,
  ratePerSecond: number,
  timeoutMs: number,
  progress: (line: string) => void,
): Promise<BareLatencyPart> {
  const arrivals = new Map<string, number>();
  const bare = await startBareTemporal(stack, TASK_QUEUE, (benchId) => void arrivals.set(benchId, performance.now()));
  const runId = Date.now().toString(36);
  const sentAt = new Array<number>(count);
  const intervalMs = 1000 / ratePerSecond;

  const measure = async () => {
    const started = performance.now();
    const starts: Promise<unknown>[] = [];
    for (let i = 0; i < count; i++) {
      // Open loop, as the latency part sends: each start leaves at its own time.
      const wait = started + i * intervalMs - performance.now();
      if (wait > 1) await new Promise((r) => setTimeout(r, wait));
      sentAt[i] = performance.now();
      starts.push(bare.start(`bench-l0-${runId}-${i}`, `l0-${i}`));
      if (i > 0 && i % Math.max(1, Math.round(ratePerSecond * 2)) === 0) progress(`L0 started ${i}/${count}`);
    }
    const sendElapsed = performance.now() - started;
    await Promise.all(starts);
    while (arrivals.size < count) {
      if (performance.now() - started > timeoutMs) throw new Error(`L0: ${arrivals.size} of ${count} activities ran`);
      await new Promise((r) => setTimeout(r, 5));
    }
    return sendElapsed;
  };

  try {
    const sendElapsed = await bare.worker.runUntil(measure());
    return {
      status: 'ok',
      count,
      targetPerSecond: Math.round(ratePerSecond * 10) / 10,
      achievedPerSecond: perSecond(count - 1, sendElapsed),
      startToActivity: summarize(sentAt.map((t, i) => arrivals.get(`l0-${i}`)! - t)),
    };
  } finally {
    await bare.close();
  }
}
