// T0's workflow: the least a Temporal workflow that runs one activity can be. T1's: the same, with the
// activity run as a local activity (no activity task through the server: the engine's limit for this shape).
import { proxyActivities, proxyLocalActivities } from '@temporalio/workflow';
import type { T0Activities } from './activities';

const { noopActivity } = proxyActivities<T0Activities>({ startToCloseTimeout: '30 seconds' });
const local = proxyLocalActivities<T0Activities>({ startToCloseTimeout: '30 seconds' });

export async function benchNoopWorkflow(benchId: string): Promise<void> {
  await noopActivity(benchId);
}

export async function benchLocalNoopWorkflow(benchId: string): Promise<void> {
  await local.noopActivity(benchId);
}
