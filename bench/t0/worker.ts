// A bare Temporal worker in the benchmark process (T0's, T1's and L0's): the same tuning as EdgeCron's
// worker, its own task queue, and a no-op activity that reports each run it serves. T1's client shares
// the worker's NativeConnection and asks for eager starts, as EdgeCron's worker-side dispatcher does.
import { Client, Connection } from '@temporalio/client';
import { NativeConnection, Worker } from '@temporalio/worker';
import { fileURLToPath } from 'node:url';
import { workerTuning } from '../../src/worker/create-worker';
import type { BenchStack } from '../stack';
import { createT0Activities } from './activities';

const WORKFLOWS = fileURLToPath(new URL('./workflows.ts', import.meta.url));

export interface BareShape {
  workflowType: 'benchNoopWorkflow' | 'benchLocalNoopWorkflow';
  eager: boolean;
}

export const T0_SHAPE: BareShape = { workflowType: 'benchNoopWorkflow', eager: false };
export const T1_SHAPE: BareShape = { workflowType: 'benchLocalNoopWorkflow', eager: true };

export async function startBareTemporal(stack: BenchStack, taskQueue: string, onRun: (benchId: string) => void, shape = T0_SHAPE) {
  const workerConnection = await NativeConnection.connect({ address: stack.temporalAddress });
  const tuning = workerTuning(stack.config);
  const worker = await Worker.create({
    connection: workerConnection,
    namespace: stack.namespace,
    taskQueue,
    workflowsPath: WORKFLOWS,
    activities: createT0Activities(onRun),
    ...tuning,
    // As many calls at once on the local path as on the regular one.
    maxConcurrentLocalActivityExecutions: tuning.maxConcurrentActivityTaskExecutions,
  });
  const connection = shape.eager ? undefined : await Connection.connect({ address: stack.temporalAddress });
  const client = new Client({ connection: connection ?? workerConnection, namespace: stack.namespace });
  let eagerStarts = 0;
  return {
    worker,
    client,
    /** Starts the no-op workflow for one bench id. */
    async start(workflowId: string, benchId: string) {
      const handle = await client.workflow.start(shape.workflowType, { taskQueue, workflowId, args: [benchId], requestEagerStart: shape.eager });
      if (handle.eagerlyStarted) eagerStarts++;
      return handle;
    },
    /** Starts the server handed back with their first workflow task, so far. */
    eagerStarts: () => eagerStarts,
    async close() {
      await connection?.close();
      await workerConnection.close();
    },
  };
}
