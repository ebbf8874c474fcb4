// T0's workflow: the least a Temporal workflow that runs one activity can be.
import { proxyActivities } from '@temporalio/workflow';
import type { T0Activities } from './activities';

const { noopActivity } = proxyActivities<T0Activities>({ startToCloseTimeout: '30 seconds' });

export async function benchNoopWorkflow(benchId: string): Promise<void> {
  await noopActivity(benchId);
}
