// One event → one child TaskRun workflow per matched endpoint, through a tree of fanout workflows.
// The root takes the first page of endpoints and, when there are more, a plan of the rest cut into
// pages; it starts its own page's children while child fanout workflows (eventFanoutPagesWorkflow)
// take the other pages side by side, each spreading what it cannot take itself among at most BRANCHES
// children of its own. No workflow starts more than PAGE_SIZE task runs or BRANCHES fanouts, so each
// history stays a small fraction of Temporal's 10,240-event warning and no parent's lock serialises
// the whole fanout. Fanouts begun before the tree (one page per run, continue-as-new) replay as they were.
import { WorkflowExecutionAlreadyStartedError, type ActivityOptions } from '@temporalio/common';
import {
  continueAsNew,
  executeChild,
  ParentClosePolicy,
  patched,
  proxyActivities,
  proxyLocalActivities,
  startChild,
  workflowInfo,
  WorkflowIdReusePolicy,
} from '@temporalio/workflow';
import type { Activities } from '../activities';
import type { EndpointRange, EventFanoutInput, EventFanoutPagesInput, EventFanoutResult, EventRunStart } from '../src/workflow-contracts/event-fanout-input';
import { SEARCH_ATTRIBUTES } from '../src/temporal/search-attributes';
import { taskRunWorkflow } from './task-run.workflow';
import { taskRunStartOptions } from '../src/workflow-contracts/task-run-start';

/** Endpoints looked at per workflow run. A child costs the parent ~4.5 history events (measured: ~1,100 per run). */
export const PAGE_SIZE = 250;
/** Children started at once by fanouts that began before whole pages were started together. */
export const START_WINDOW = 50;
/** Child fanout workflows per fanout workflow: 10,000 endpoints are 40 pages, one level below the root. */
export const BRANCHES = 50;

/** One page: a few queries and one batch insert. Idempotent, so retried until the database answers. */
const PAGE_CALL: ActivityOptions = {
  startToCloseTimeout: '2 minutes',
  retry: { initialInterval: '1 second', maximumInterval: '30 seconds', nonRetryableErrorTypes: ['EventNotFound'] },
};
const remote = proxyActivities<Activities>(PAGE_CALL);
const { createEventRunsActivity, recordFanoutResultActivity } = remote;
/**
 * The root's first page and its result as local activities, in the fanout's first workflow task: an event
 * matched by a few endpoints then costs Temporal two workflow tasks and no activity task (it cost four and
 * two, over twice a task run's share of the engine, so a backlog of events drained slower than one of runs).
 */
const LOCAL_FIRST_PAGE_PATCH = 'fanout-local-first-page';
const local = proxyLocalActivities<Activities>(PAGE_CALL);

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

/** Starts a page's task runs, all in one workflow task; a page started before (a replayed run) is skipped. */
async function startPage(runs: EventRunStart[], eventType: string): Promise<void> {
  await Promise.all(runs.map((run) => startTaskRunChild(run, eventType)));
}

/** One range of endpoints, a page at a time: more than a page only if endpoints were added after the plan. */
async function fanOutRange(eventId: string, eventType: string, range: EndpointRange): Promise<void> {
  let after = range.afterEndpointId;
  for (;;) {
    const page = await createEventRunsActivity({ eventId, afterEndpointId: after, upToEndpointId: range.upToEndpointId, pageSize: PAGE_SIZE });
    await startPage(page.runs, eventType);
    if (!page.nextCursor) return;
    after = page.nextCursor;
  }
}

/** Hands ranges to at most BRANCHES child fanouts, in contiguous groups, and waits until each has started its runs. */
async function spread(input: Omit<EventFanoutPagesInput, 'ranges'>, ranges: EndpointRange[]): Promise<void> {
  const size = Math.ceil(ranges.length / BRANCHES);
  const groups: EndpointRange[][] = [];
  for (let i = 0; i < ranges.length; i += size) groups.push(ranges.slice(i, i + size));
  const { workflowId, typedSearchAttributes } = workflowInfo();
  await Promise.all(groups.map((group, i) =>
    executeChild(eventFanoutPagesWorkflow, {
      workflowId: `${workflowId}/${i + 1}`,
      args: [{ ...input, ranges: group }],
      // Found in the Web UI like the root: by event type, trigger and tenant.
      typedSearchAttributes,
    }),
  ));
}

/** A fanout tree's inner workflow: its first range itself, the others spread among its children. */
export async function eventFanoutPagesWorkflow(input: EventFanoutPagesInput): Promise<void> {
  const [own, ...rest] = input.ranges;
  const { eventId, eventType } = input;
  await Promise.all([fanOutRange(eventId, eventType, own), ...(rest.length ? [spread({ eventId, eventType }, rest)] : [])]);
}

export async function eventFanoutWorkflow(input: EventFanoutInput): Promise<EventFanoutResult> {
  // Fanouts recorded before the tree walked their pages one run after another.
  if (!patched('fanout-tree')) return pagedFanout(input);
  const { eventId, eventType } = input;
  const calls = patched(LOCAL_FIRST_PAGE_PATCH) ? local : remote;
  const first = await calls.createEventRunsActivity({ eventId, afterEndpointId: input.afterEndpointId, pageSize: PAGE_SIZE, planRest: true });
  const rest = first.rest ?? [];
  await Promise.all([startPage(first.runs, eventType), ...(rest.length ? [spread({ eventId, eventType }, rest)] : [])]);
  // A page that was the whole fanout recorded the result itself.
  return { matchedEndpointCount: first.matchedEndpointCount ?? (await calls.recordFanoutResultActivity(eventId)) };
}

/** The fanout before the tree: a page per workflow run, continuing as new with a cursor. */
async function pagedFanout(input: EventFanoutInput): Promise<EventFanoutResult> {
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
