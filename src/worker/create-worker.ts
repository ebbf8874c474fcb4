// The Temporal worker: EdgeCron's workflows (bundled from workflows/) and activities.
import { NativeConnection, Worker } from '@temporalio/worker';
import { fileURLToPath } from 'node:url';
import { createActivities, type ActivityDeps } from '../../activities';
import type { Config } from '../config';

export const WORKFLOWS_PATH = fileURLToPath(new URL('../../workflows/index.ts', import.meta.url));

export interface WorkerOptions {
  address: string;
  namespace: string;
  taskQueue: string;
  tuning: WorkerTuning;
  deps: ActivityDeps;
}

/** Concurrency settings shared by EdgeCron's worker and the benchmark's bare-Temporal baseline. */
export function workerTuning(config: Pick<Config, 'WORKER_MAX_CONCURRENT_ACTIVITIES' | 'WORKER_MAX_CONCURRENT_WORKFLOW_TASKS' | 'WORKER_WORKFLOW_TASK_POLLERS' | 'WORKER_ACTIVITY_TASK_POLLERS'>) {
  return {
    maxConcurrentActivityTaskExecutions: config.WORKER_MAX_CONCURRENT_ACTIVITIES,
    maxConcurrentWorkflowTaskExecutions: config.WORKER_MAX_CONCURRENT_WORKFLOW_TASKS,
    maxConcurrentWorkflowTaskPolls: Math.min(config.WORKER_WORKFLOW_TASK_POLLERS, config.WORKER_MAX_CONCURRENT_WORKFLOW_TASKS),
    maxConcurrentActivityTaskPolls: Math.min(config.WORKER_ACTIVITY_TASK_POLLERS, config.WORKER_MAX_CONCURRENT_ACTIVITIES),
  };
}

export type WorkerTuning = ReturnType<typeof workerTuning>;

export async function createWorker(o: WorkerOptions): Promise<{ worker: Worker; connection: NativeConnection }> {
  const connection = await NativeConnection.connect({ address: o.address });
  const worker = await Worker.create({
    connection,
    namespace: o.namespace,
    taskQueue: o.taskQueue,
    workflowsPath: WORKFLOWS_PATH,
    activities: createActivities(o.deps),
    ...o.tuning,
  });
  return { worker, connection };
}
