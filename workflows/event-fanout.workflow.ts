// One event → one child TaskRun workflow per matched endpoint. Large fanouts stay within Temporal's
// limits: each run of this workflow handles one page of endpoints (so at most PAGE_SIZE children are
// pending at once, far below the 2,000 pending-children limit), starts them all in one workflow task,
// then continues as new with a cursor, so no run's history nears the 10,240-event warning.
import { WorkflowExecutionAlreadyStartedError } from '@temporalio/common';
import { continueAsNew, ParentClosePolicy, patched, proxyActivities, startChild, WorkflowIdReusePolicy } from '@temporalio/workflow';
import type { Activities } from '../activities';
import type { EventFanoutInput, EventFanoutResult, EventRunStart } from '../src/workflow-contracts/event-fanout-input';
import { SEARCH_ATTRIBUTES } from '../src/temporal/search-attributes';
import { taskRunWorkflow } from './task-run.workflow';
import { taskRunStartOptions } from '../src/workflow-contracts/task-run-start';

/** Endpoints looked at per workflow run. A child costs the parent ~4.5 history events (measured: ~1,100 per run). */
export const PAGE_SIZE = 250;
/** Children started at once by fanouts that began before whole pages were started together. */
export const START_WINDOW = 50;

const { createEventRunsActivity, recordFanoutResultActivity } = proxyActivities<Activities>({
  // One page: a few queries and one batch insert. Idempotent, so retried until the database answers.
  startToCloseTimeout: '2 minutes',
  retry: { initialInterval: '1 second', maximumInterval: '30 seconds', nonRetryableErrorTypes: ['EventNotFound'] },
});

async function startTaskRunChild(run: EventRunStart, eventType: string): Promise<void> {
  try {
    await startChild(taskRunWorkflow, {
      ...taskRunStartOptions({ ...run, trigger: 'event' }, { searchAttributes: [{ key: SEARCH_ATTRIBUTES.eventType, value: eventType }] }),
      // Deliveries outlive the fanout: it continues as new (or ends) while they still retry.
      parentClosePolicy: ParentClosePolicy.ABANDON,
      // A run is delivered by one workflow, ever: a replayed page must not start it again.
      workflowIdReusePolicy: WorkflowIdReusePolicy.REJECT_DUPLICATE,
    });
  } catch (err) {
    // Already started by an earlier attempt at this page: that is the goal reached.
    if (!(err instanceof WorkflowExecutionAlreadyStartedError)) throw err;
  }
}

export async function eventFanoutWorkflow(input: EventFanoutInput): Promise<EventFanoutResult> {
  const page = await createEventRunsActivity({ eventId: input.eventId, afterEndpointId: input.afterEndpointId, pageSize: PAGE_SIZE });
  // Started, not awaited: the parent only needs each child to exist, not to finish. The whole page
  // in one workflow task (one round trip to the worker instead of five); a fanout recorded with
  // windows of 50 replays with them.
  const window = patched('fanout-starts-whole-page') ? PAGE_SIZE : START_WINDOW;
  for (let i = 0; i < page.runs.length; i += window) {
    await Promise.all(page.runs.slice(i, i + window).map((run) => startTaskRunChild(run, input.eventType)));
  }
  const startedSoFar = input.startedSoFar + page.runs.length;
  if (page.nextCursor) {
    await continueAsNew<typeof eventFanoutWorkflow>({ ...input, afterEndpointId: page.nextCursor, startedSoFar });
  }
  return { matchedEndpointCount: await recordFanoutResultActivity(input.eventId) };
}
