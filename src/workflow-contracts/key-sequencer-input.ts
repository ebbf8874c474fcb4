// What the key sequencer workflow and its activity exchange. Types only: shared by services, the
// workflow and activities.
import type { TaskRunInput } from './task-run-input';

export interface KeySequencerInput {
  endpointId: string;
  orderingKey: string;
  /** Runs delivered by earlier runs of this workflow (continue-as-new), for the Web UI and the result. */
  deliveredSoFar?: number;
  /** Steps before continuing as new; default MAX_STEPS_PER_RUN (tests set it low). */
  maxStepsPerRun?: number;
}

export interface KeySequencerResult {
  delivered: number;
}

/** The run at the head of a key's queue, ready for its child TaskRun workflow. */
export interface OrderedRunStart {
  workflowId: string;
  input: TaskRunInput;
  trigger: string;
  endpointUrl: string;
  payloadBytes: number;
  /** For the run's EdgeCronTenantId search attribute; null without a tenant (optional: older sequencers' results). */
  tenantId?: string | null;
}

/** What the sequencer should do next, decided from the database (the queue's truth). */
export type NextOrderedStep =
  | { kind: 'deliver'; run: OrderedRunStart }
  /** The oldest open dead letter of the key holds the queue (endpoint onDeadLetter = block). */
  | { kind: 'blocked'; deadLetterId: string }
  /** An event accepted earlier with this key is still fanning out: its run may belong before the head. */
  | { kind: 'wait_for_fanout'; eventId: string }
  | { kind: 'empty' };
