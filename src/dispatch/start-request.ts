// What an accepted trigger asks of Temporal, as plain JSON kept in the PendingStart outbox until a
// dispatcher has done it. One shape per kind of work; src/dispatch/perform-start.ts turns each into
// its Temporal call.
import type { DeadLetterReplayInput } from '../workflow-contracts/dead-letter';
import type { TaskRunInput } from '../workflow-contracts/task-run-input';
import type { DeadLetterAdded } from './dead-letter-added';

export interface TaskRunStart {
  kind: 'task_run';
  workflowId: string;
  /** delayMs is recomputed from runAt when the start happens, so a late start does not add its lateness. */
  input: Omit<TaskRunInput, 'delayMs'>;
  runAt: string;
  trigger: string;
  /** Origin and path only, for the Web UI's memo. */
  endpointUrl: string;
  payloadBytes: number;
  /** The run's tenant, for the Web UI's search attribute. */
  tenantId?: string | null;
}

export interface EventFanoutStart {
  kind: 'event_fanout';
  workflowId: string;
  eventId: string;
  eventType: string;
  tenantId?: string | null;
}

/** "Look at your queue again" to an ordering key's sequencer, starting it if none runs. */
export interface SequencerWake {
  kind: 'sequencer_wake';
  workflowId: string;
  endpointId: string;
  orderingKey: string;
  endpointUrl: string;
}

export interface BulkReplayStart {
  kind: 'bulk_replay';
  workflowId: string;
  input: DeadLetterReplayInput;
}

/** A signal to a workflow that may have ended: nobody there to tell counts as done. */
export interface WorkflowSignal {
  kind: 'signal';
  workflowId: string;
  signal: string;
  args: unknown[];
  /** Tells two signals to one workflow apart in the outbox (e.g. the dead letter they are about). */
  about: string;
}

/** Pauses, with its note, each schedule of an endpoint the worker disabled (src/dispatch/hold-schedules.ts). */
export interface SchedulesHold {
  kind: 'schedules_hold';
  endpointId: string;
  schedules: Array<{ id: string; note: string }>;
}

/** The accepting request's trace context (W3C headers), so the start continues its trace; absent when tracing is off. */
export type Traced<T> = T & { traceContext?: Record<string, string> };

export type StartRequest = Traced<TaskRunStart | EventFanoutStart | SequencerWake | BulkReplayStart | WorkflowSignal | SchedulesHold | DeadLetterAdded>;

/** One pending hold per endpoint: a resume deletes it with the endpoint's change (schedule-endpoint-sync.ts). */
export const schedulesHoldKey = (endpointId: string) => `schedules_hold:${endpointId}`;

/** The outbox key: one row per piece of work, however often the trigger that asked for it is retried. */
export function outboxKey(r: StartRequest): string {
  if (r.kind === 'schedules_hold') return schedulesHoldKey(r.endpointId);
  if (r.kind === 'dead_letter_added') return `${r.kind}:${r.deadLetterId}`;
  return r.kind === 'signal' ? `signal:${r.workflowId}:${r.about}` : `${r.kind}:${r.workflowId}`;
}

export interface TaskRunStartParts {
  run: { id: string; workflowId: string; runAt: Date; payload: unknown; tenantId?: string | null };
  endpoint: { id: string; url: string; timeoutMs: number };
  retry: TaskRunInput['retry'];
  trigger: string;
}

/** The start of a run's TaskRun workflow, as every trigger that makes a run asks for it. */
export function taskRunStart({ run, endpoint, retry, trigger }: TaskRunStartParts): TaskRunStart {
  return {
    kind: 'task_run',
    workflowId: run.workflowId,
    input: { taskRunId: run.id, endpointId: endpoint.id, retry, timeoutMs: endpoint.timeoutMs },
    runAt: run.runAt.toISOString(),
    trigger,
    endpointUrl: endpoint.url,
    payloadBytes: Buffer.byteLength(JSON.stringify(run.payload)),
    tenantId: run.tenantId ?? null,
  };
}
