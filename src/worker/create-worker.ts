// The Temporal worker: EdgeCron's workflows (bundled from workflows/) and activities.
import { NativeConnection, Worker } from '@temporalio/worker';
import { fileURLToPath } from 'node:url';
import { createActivities, type ActivityDeps } from '../../activities';
import type { TemporalConnectionOptions } from '../temporal/connection-options';

export const WORKFLOWS_PATH = fileURLToPath(new URL('../../workflows/index.ts', import.meta.url));

export interface WorkerOptions {
  connection: TemporalConnectionOptions;
  namespace: string;
  taskQueue: string;
  maxConcurrentActivities: number;
  maxConcurrentWorkflowTasks: number;
  maxCachedWorkflows: number;
  /** How long in-flight activities may run on after shutdown() before they are cancelled. */
  shutdownGraceMs: number;
  deps: ActivityDeps;
}

export async function createWorker(o: WorkerOptions): Promise<{ worker: Worker; connection: NativeConnection }> {
  const connection = await NativeConnection.connect(o.connection);
  const worker = await Worker.create({
    connection,
    namespace: o.namespace,
    taskQueue: o.taskQueue,
    workflowsPath: WORKFLOWS_PATH,
    activities: createActivities(o.deps),
    maxConcurrentActivityTaskExecutions: o.maxConcurrentActivities,
    maxConcurrentWorkflowTaskExecutions: o.maxConcurrentWorkflowTasks,
    maxCachedWorkflows: o.maxCachedWorkflows,
    shutdownGraceTime: o.shutdownGraceMs,
  });
  return { worker, connection };
}
