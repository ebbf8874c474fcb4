// A bare Temporal worker in the benchmark process (T0's and L0's): the same tuning as EdgeCron's
// worker, its own task queue, and a no-op activity that reports each run it serves.
import { Client, Connection } from '@temporalio/client';
import { NativeConnection, Worker } from '@temporalio/worker';
import { fileURLToPath } from 'node:url';
import { workerTuning } from '../../src/worker/create-worker';
import type { BenchStack } from '../stack';
import { createT0Activities } from './activities';

const WORKFLOWS = fileURLToPath(new URL('./workflows.ts', import.meta.url));

export async function startBareTemporal(stack: BenchStack, taskQueue: string, onRun: (benchId: string) => void) {
  const workerConnection = await NativeConnection.connect({ address: stack.temporalAddress });
  const worker = await Worker.create({
    connection: workerConnection,
    namespace: stack.namespace,
    taskQueue,
    workflowsPath: WORKFLOWS,
    activities: createT0Activities(onRun),
    ...workerTuning(stack.config),
  });
  const connection = await Connection.connect({ address: stack.temporalAddress });
  const client = new Client({ connection, namespace: stack.namespace });
  return {
    worker,
    /** Starts the no-op workflow for one bench id. */
    start: (workflowId: string, benchId: string) => client.workflow.start('benchNoopWorkflow', { taskQueue, workflowId, args: [benchId] }),
    async close() {
      await connection.close();
      await workerConnection.close();
    },
  };
}
