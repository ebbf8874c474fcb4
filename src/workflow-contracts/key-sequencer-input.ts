// What the key sequencer workflow and its activity exchange. Types only: shared by services, the
// workflow and activities.
import type { TaskRunStartFacts } from './task-run-start';

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

/** The run at the head of a key's queue, ready for its child TaskRun workflow (tenantId is optional: older sequencers' results lack it). */
export type OrderedRunStart = TaskRunStartFacts;

/** What the sequencer should do next, decided from the database (the queue's truth). */
export type NextOrderedStep =
  | { kind: 'deliver'; run: OrderedRunStart }
  /** The oldest open dead letter of the key holds the queue (endpoint onDeadLetter = block). */
  | { kind: 'blocked'; deadLetterId: string }
  /** An event accepted earlier with this key is still fanning out: its run may belong before the head. */
  | { kind: 'wait_for_fanout'; eventId: string }
  | { kind: 'empty' };

/** What the sequencer should do next, in batches: the next runs of the key that may go one after another now. */
export type NextOrderedRuns =
  /** In queue order: the head, then the runs behind it that are due and held by nothing before them. */
  | { kind: 'deliver'; runs: OrderedRunStart[] }
  | Exclude<NextOrderedStep, { kind: 'deliver' }>;

export interface OrderedRunsRequest {
  endpointId: string;
  orderingKey: string;
  /** At most this many runs (1 or more). */
  max: number;
}
