// Does what one outbox row asks of Temporal. Every call is idempotent by its deterministic workflow id:
// "already started" is success, and a signal to a workflow that is gone has nobody left to tell.
import { context, propagation, ROOT_CONTEXT } from '@opentelemetry/api';
import { WorkflowExecutionAlreadyStartedError, WorkflowIdReusePolicy, WorkflowNotFoundError, type Client } from '@temporalio/client';
import type { EventFanoutInput } from '../workflow-contracts/event-fanout-input';
import { urlWithoutQuery } from '../domain/redact-url';
import { metrics } from '../metrics/metrics';
import type { TaskRunInput } from '../workflow-contracts/task-run-input';
import { taskRunStartOptions } from '../workflow-contracts/task-run-start';
import { wakeKeySequencer } from './wake-key-sequencer';
import { withTemporalBudget } from '../temporal/deadline';
import { SEARCH_ATTRIBUTES, tenantSearchAttribute } from '../temporal/search-attributes';
import type { StartRequest, TaskRunStart } from './start-request';
import { holdSchedules } from './hold-schedules';
import { announceDeadLetter } from './dead-letter-added';

export interface StartTarget {
  temporal: Client;
  taskQueue: string;
  /**
   * Ask for eager starts: set only where `temporal` runs on a worker's NativeConnection for this task
   * queue. The server then hands the first workflow task back with the start, to that worker, with no
   * matching round trip; when the worker has no free slot the start is a regular one.
   */
  eager: boolean;
}

function startTaskRun(t: StartTarget, r: TaskRunStart, now: number) {
  const input: TaskRunInput = { ...r.input, delayMs: Math.max(0, new Date(r.runAt).getTime() - now) };
  return t.temporal.workflow.start('taskRunWorkflow', {
    ...taskRunStartOptions({ ...r, input, endpointUrl: urlWithoutQuery(r.endpointUrl) }),
    taskQueue: t.taskQueue,
    // A run is delivered by one workflow, ever: a second dispatch after the first finished is a no-op.
    workflowIdReusePolicy: WorkflowIdReusePolicy.REJECT_DUPLICATE,
    requestEagerStart: t.eager,
  });
}

function startFanout(t: StartTarget, eventId: string, eventType: string, workflowId: string, tenantId?: string | null) {
  const input: EventFanoutInput = { eventId, eventType, afterEndpointId: null, startedSoFar: 0 };
  return t.temporal.workflow.start('eventFanoutWorkflow', {
    taskQueue: t.taskQueue,
    workflowId,
    args: [input],
    // One fanout per event, ever, even after the first one has finished.
    workflowIdReusePolicy: WorkflowIdReusePolicy.REJECT_DUPLICATE,
    requestEagerStart: t.eager,
    typedSearchAttributes: [
      { key: SEARCH_ATTRIBUTES.eventType, value: eventType },
      { key: SEARCH_ATTRIBUTES.trigger, value: 'event' },
      ...tenantSearchAttribute(tenantId),
    ],
  });
}

async function perform(t: StartTarget, r: StartRequest, now: number): Promise<{ eagerlyStarted?: boolean } | void> {
  switch (r.kind) {
    case 'task_run':
      return startTaskRun(t, r, now);
    case 'event_fanout':
      return startFanout(t, r.eventId, r.eventType, r.workflowId, r.tenantId);
    case 'sequencer_wake':
      return wakeKeySequencer(t, r);
    case 'bulk_replay':
      return t.temporal.workflow.start('deadLetterReplayWorkflow', {
        taskQueue: t.taskQueue,
        workflowId: r.workflowId,
        args: [r.input],
        workflowIdReusePolicy: WorkflowIdReusePolicy.REJECT_DUPLICATE,
        requestEagerStart: t.eager,
      });
    case 'signal':
      return t.temporal.workflow.getHandle(r.workflowId).signal(r.signal, ...r.args);
    case 'schedules_hold':
      return holdSchedules(t, r);
    case 'dead_letter_added':
      await announceDeadLetter(t, r);
      return;
  }
}

/** Resolves when Temporal has the work (or already had it); rejects when Temporal could not be reached. */
export async function performStart(t: StartTarget, r: StartRequest, deadlineMs: number, now = Date.now()): Promise<void> {
  try {
    // Bounded (the same budget as the API's Temporal calls): a frozen or refusing Temporal must not hold a
    // dispatcher for the client's own ~20 s of retries.
    // In the accepting request's trace (when it had one): the client interceptor carries it into the workflow.
    const traced = r.traceContext ? propagation.extract(ROOT_CONTEXT, r.traceContext) : context.active();
    const started = await context.with(traced, () => withTemporalBudget(t, deadlineMs, () => perform(t, r, now)));
    if (started && 'eagerlyStarted' in started) {
      metrics.dispatchWorkflowStarts.inc({ kind: r.kind, start: started.eagerlyStarted ? 'eager' : 'regular' });
    }
  } catch (err) {
    if (err instanceof WorkflowExecutionAlreadyStartedError) return;
    if (r.kind === 'signal' && err instanceof WorkflowNotFoundError) return;
    throw err;
  }
}
