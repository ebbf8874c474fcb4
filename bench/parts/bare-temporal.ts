// T0: a bare Temporal workflow with one no-op activity, on the same dev server, with its own worker
// (same tuning as EdgeCron's) on its own task queue in this process: what Temporal alone does here.
// T1: the same count and concurrency, started eagerly and with the activity run as a local activity.
import type { T0Part } from '../result';
import { historyEventsPerRun } from '../history-events';
import { runPool } from '../pool';
import type { BenchStack } from '../stack';
import { watchStackCpu } from '../stack-cpu';
import { perSecond } from '../stats';
import { startBareTemporal, T0_SHAPE, T1_SHAPE, type BareShape } from '../t0/worker';

export interface BarePart {
  name: 'T0' | 'T1';
  taskQueue: string;
  shape: BareShape;
}

export const T0: BarePart = { name: 'T0', taskQueue: 'edgecron-bench-t0', shape: T0_SHAPE };
export const T1: BarePart = { name: 'T1', taskQueue: 'edgecron-bench-t1', shape: T1_SHAPE };

export async function runBareTemporal(
  stack: BenchStack,
  count: number,
  concurrency: number,
  timeoutMs: number,
  progress: (line: string) => void,
  part: BarePart = T0,
): Promise<T0Part> {
  const { name } = part;
  let ran = 0;
  const bare = await startBareTemporal(stack, part.taskQueue, () => void ran++, part.shape);
  const runId = Date.now().toString(36);
  const workflowId = (i: number) => `bench-${name.toLowerCase()}-${runId}-${i}`;

  const measure = async (): Promise<number> => {
    const started = performance.now();
    await runPool(
      count,
      concurrency,
      async (i) => {
        await bare.start(workflowId(i), `${name.toLowerCase()}-${i}`);
      },
      (done) => progress(`${name} started ${done}/${count}, ${ran} done`),
    );
    let lastReport = performance.now();
    while (ran < count) {
      if (performance.now() - started > timeoutMs) throw new Error(`${name}: ${ran} of ${count} activities ran`);
      if (performance.now() - lastReport > 2000) {
        lastReport = performance.now();
        progress(`${name} ${ran}/${count} done`);
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
    const cpuMsPerRun = stackCpu.stop(count);
    const cpuSeconds = (cpu.user + cpu.system) / 1e6;
    return {
      status: 'ok',
      count,
      elapsedMs: Math.round(elapsedMs),
      perSecond: perSecond(count, elapsedMs),
      cpuSecondsPer1000: Math.round((cpuSeconds / count) * 1000 * 100) / 100,
      cpuMsPerRun,
      eagerStartShare: Math.round((bare.eagerStarts() / count) * 1000) / 1000,
      historyEventsPerRun: await historyEventsPerRun(stack, Array.from({ length: count }, (_, i) => workflowId(i))),
    };
  } finally {
    await bare.close();
  }
}
