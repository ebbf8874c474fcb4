// One fire of a Temporal Schedule. The Schedule's action has fixed arguments, so the fire records its
// own Task Run (schedule id + the nominal fire time Temporal stamps on it), then delivers it as a child
// TaskRun workflow. Waiting for the child makes the overlap policy cover the whole delivery, retries included.
import { defineSearchAttributeKey, SearchAttributeType } from '@temporalio/common';
import { executeChild, proxyActivities, workflowInfo } from '@temporalio/workflow';
import type { Activities } from '../activities';
import type { ScheduledFireInput, ScheduledFireResult } from '../src/workflow-contracts/scheduled-fire-input';
import { taskRunWorkflowId } from '../src/domain/workflow-ids';
import { SEARCH_ATTRIBUTES } from '../src/temporal/search-attributes';
import type { TaskRunOutcome } from '../src/workflow-contracts/task-run-input';
import { isDeadLetteredChild } from './task-run-child';
import { taskRunWorkflow } from './task-run.workflow';
import { taskRunStartOptions } from '../src/workflow-contracts/task-run-start';

/** Set by Temporal on every workflow a Schedule starts: the time the fire was meant for. */
const SCHEDULED_START_TIME = defineSearchAttributeKey('TemporalScheduledStartTime', SearchAttributeType.DATETIME);

const ledger = proxyActivities<Activities>({
  // One short database write; retried until the database answers (it is idempotent).
  startToCloseTimeout: '30 seconds',
  retry: { initialInterval: '1 second', maximumInterval: '30 seconds' },
});

export async function scheduledFireWorkflow(input: ScheduledFireInput): Promise<ScheduledFireResult> {
  const info = workflowInfo();
  const nominal = info.typedSearchAttributes.get(SCHEDULED_START_TIME) ?? info.startTime;
  const plan = await ledger.createScheduledTaskRunActivity({
    scheduleId: input.scheduleId,
    fireWorkflowId: info.workflowId,
    nominalFireTime: nominal.toISOString(),
  });
  if (plan.kind === 'skipped') return { skipped: plan.reason };
  let outcome: TaskRunOutcome;
  try {
    outcome = await executeChild(
      taskRunWorkflow,
      taskRunStartOptions(
        { ...plan, workflowId: taskRunWorkflowId(plan.taskRunId), trigger: 'schedule' },
        { searchAttributes: [{ key: SEARCH_ATTRIBUTES.scheduleId, value: input.scheduleId }], memo: { nominalFireTime: nominal.toISOString() } },
      ),
    );
  } catch (err) {
    // The fire did its job: its run is kept as a dead letter (no command differs, so no patch).
    if (!isDeadLetteredChild(err)) throw err;
    outcome = 'dead_letter';
  }
  return { taskRunId: plan.taskRunId, outcome };
}
