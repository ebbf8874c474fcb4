// The retention purge as a Temporal Schedule (visible under Schedules in the Web UI), created or brought
// up to date by every worker at start. Overlap "skip": a pass still running when the next is due
// carries on alone.
import { ScheduleAlreadyRunning, ScheduleOverlapPolicy, type Client, type ScheduleOptions } from '@temporalio/client';
import { retentionPurgeScheduleId } from '../domain/workflow-ids';

export interface RetentionScheduleOptions {
  taskQueue: string;
  intervalMinutes: number;
}

function definition(o: RetentionScheduleOptions): Omit<ScheduleOptions, 'scheduleId'> {
  return {
    spec: { intervals: [{ every: `${o.intervalMinutes} minutes` }] },
    action: {
      type: 'startWorkflow',
      workflowType: 'retentionPurgeWorkflow',
      workflowId: retentionPurgeScheduleId(o.taskQueue),
      taskQueue: o.taskQueue,
      args: [{}],
    },
    policies: { overlap: ScheduleOverlapPolicy.SKIP, catchupWindow: '1 minute' },
    memo: { purpose: 'EdgeCron retention purge (README "Retention")' },
  };
}

/** Returns whether the schedule was created (else it existed and was updated to these settings). */
export async function ensureRetentionSchedule(client: Client, o: RetentionScheduleOptions): Promise<'created' | 'updated'> {
  const scheduleId = retentionPurgeScheduleId(o.taskQueue);
  const def = definition(o);
  try {
    await client.schedule.create({ scheduleId, ...def });
    return 'created';
  } catch (err) {
    if (!(err instanceof ScheduleAlreadyRunning)) throw err;
    await client.schedule.getHandle(scheduleId).update((prev) => ({ ...prev, spec: def.spec, action: def.action, policies: def.policies }));
    return 'updated';
  }
}
