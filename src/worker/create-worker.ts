// The Temporal worker: EdgeCron's workflows (bundled from workflows/) and activities.
import { NativeConnection, Worker } from '@temporalio/worker';
import { fileURLToPath } from 'node:url';
import { createActivities, type ActivityDeps } from '../../activities';

export const WORKFLOWS_PATH = fileURLToPath(new URL('../../workflows/index.ts', import.meta.url));

export interface WorkerOptions {
  address: string;
  namespace: string;
  taskQueue: string;
  maxConcurrentActivities: number;
  deps: ActivityDeps;
}

/** Concurrency settings shared by EdgeCron's worker and the benchmark's bare-Temporal baseline. */
export function workerTuning(maxConcurrentActivities: number) {
  return { maxConcurrentActivityTaskExecutions: maxConcurrentActivities };
}

export async function createWorker(o: WorkerOptions): Promise<{ worker: Worker; connection: NativeConnection }> {
  const connection = await NativeConnection.connect({ address: o.address });
  const worker = await Worker.create({
    connection,
    namespace: o.namespace,
    taskQueue: o.taskQueue,
    workflowsPath: WORKFLOWS_PATH,
    activities: createActivities(o.deps),
    ...workerTuning(o.maxConcurrentActivities),
  });
  return { worker, connection };
}
