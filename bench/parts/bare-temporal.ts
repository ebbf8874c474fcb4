// T0: a bare Temporal workflow with one no-op activity, on the same dev server, with its own worker
// (same tuning as EdgeCron's) on its own task queue in this process: what Temporal alone does here.
import type { T0Part } from '../result';
import { runPool } from '../pool';
import type { BenchStack } from '../stack';
import { watchStackCpu } from '../stack-cpu';
import { perSecond } from '../stats';
import { startBareTemporal } from '../t0/worker';

const TASK_QUEUE = 'edgecron-bench-t0';

export async function runBareTemporal(
  stack: BenchStack,
  count: number,
  concurrency: number,
  timeoutMs: number,
  progress: (line: string) => void,
): Promise<T0Part> {
  let ran = 0;
  const bare = await startBareTemporal(stack, TASK_QUEUE, () => void ran++);
  const runId = Date.now().toString(36);

  const measure = async (): Promise<number> => {
    const started = performance.now();
    await runPool(
      count,
      concurrency,
      async (i) => {
        await bare.start(`bench-t0-${runId}-${i}`, `t0-${i}`);
      },
      (done) => progress(`T0 started ${done}/${count}, ${ran} done`),
    );
    let lastReport = performance.now();
    while (ran < count) {
      if (performance.now() - started > timeoutMs) throw new Error(`T0: ${ran} of ${count} activities ran`);
      if (performance.now() - lastReport > 2000) {
        lastReport = performance.now();
        progress(`T0 ${ran}/${count} done`);
      }
      await new Promise((r) => setTimeout(r, 5));
    }
    return performance.now() - started;
  };

  try {
    const cpuBefore = process.cpuUsage();
    const stackCpu = watchStackCpu({ bench: stack.pids.bench, temporal: stack.pids.temporal, postgres: stack.pids.postgres });
    const elapsedMs = await bare.worker.runUntil(measure());
    const cpu = process.cpuUsage(cpuBefore);
    const cpuSeconds = (cpu.user + cpu.system) / 1e6;
    return {
      status: 'ok',
      count,
      elapsedMs: Math.round(elapsedMs),
      perSecond: perSecond(count, elapsedMs),
      cpuSecondsPer1000: Math.round((cpuSeconds / count) * 1000 * 100) / 100,
      cpuMsPerRun: stackCpu.stop(count),
    };
  } finally {
    await bare.close();
  }
}
