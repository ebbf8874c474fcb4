// The Temporal worker: EdgeCron's workflows (bundled from workflows/) and activities.
import { NativeConnection, Worker } from '@temporalio/worker';
import { fileURLToPath } from 'node:url';
import { createActivities, type ActivityDeps } from '../../activities';
import type { Config } from '../config';
import { DELIVERY_HEARTBEAT_THROTTLE_MS } from '../domain/delivery-timing';
import { tracingWorkerOptions } from '../telemetry/temporal-tracing';
import type { Tracing } from '../telemetry/tracing';

export const WORKFLOWS_PATH = fileURLToPath(new URL('../../workflows/index.ts', import.meta.url));

export interface WorkerOptions {
  /** The process's connection to Temporal, shared with its dispatcher's client (eager starts need that). */
  connection: NativeConnection;
  namespace: string;
  taskQueue: string;
  tuning: WorkerTuning;
  deps: ActivityDeps;
  /** Set when an OTLP endpoint is configured: workflows and activities continue their callers' traces. */
  tracing?: Tracing;
}

type TuningConfig = Pick<
  Config,
  | 'WORKER_MAX_CONCURRENT_ACTIVITIES'
  | 'WORKER_MAX_CONCURRENT_WORKFLOW_TASKS'
  | 'WORKER_WORKFLOW_TASK_POLLERS'
  | 'WORKER_ACTIVITY_TASK_POLLERS'
  | 'WORKER_MAX_CACHED_WORKFLOWS'
  | 'WORKER_SHUTDOWN_GRACE_MS'
>;

/** Concurrency and shutdown settings, shared by EdgeCron's worker and the benchmark's bare-Temporal baseline. */
export function workerTuning(config: TuningConfig) {
  return {
    maxConcurrentActivityTaskExecutions: config.WORKER_MAX_CONCURRENT_ACTIVITIES,
    maxConcurrentWorkflowTaskExecutions: config.WORKER_MAX_CONCURRENT_WORKFLOW_TASKS,
    maxConcurrentWorkflowTaskPolls: Math.min(config.WORKER_WORKFLOW_TASK_POLLERS, config.WORKER_MAX_CONCURRENT_WORKFLOW_TASKS),
    maxConcurrentActivityTaskPolls: Math.min(config.WORKER_ACTIVITY_TASK_POLLERS, config.WORKER_MAX_CONCURRENT_ACTIVITIES),
    maxCachedWorkflows: config.WORKER_MAX_CACHED_WORKFLOWS,
    // How long in-flight deliveries may run on after shutdown() before they are cancelled.
    shutdownGraceTime: config.WORKER_SHUTDOWN_GRACE_MS,
  };
}

export type WorkerTuning = ReturnType<typeof workerTuning>;

export function createWorker(o: WorkerOptions): Promise<Worker> {
  return Worker.create({
    connection: o.connection,
    namespace: o.namespace,
    taskQueue: o.taskQueue,
    workflowsPath: WORKFLOWS_PATH,
    activities: createActivities(o.deps),
    ...tracingWorkerOptions(o.tracing),
    ...o.tuning,
    // Slow deliveries heartbeat every 1.5 s, well inside their 5 s heartbeat timeout.
    maxHeartbeatThrottleInterval: DELIVERY_HEARTBEAT_THROTTLE_MS,
  });
}
