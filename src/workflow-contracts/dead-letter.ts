// Signals and queries of the per-endpoint dead-letter workflow and the bulk replay workflow, shared
// by the workflows, the activities that signal them and the API that queries them.
import { defineQuery, defineSignal } from '@temporalio/workflow';

export interface DeadLetterWorkflowInput {
  endpointId: string;
  /** Open dead-letter ids carried over by continue-as-new; absent on a fresh start. */
  openIds?: string[];
  /** Open dead letters held beyond MAX_HELD_IDS: counted, not listed. */
  untrackedCount?: number;
  /** Signals handled before continuing as new (bounds the history). */
  maxEventsPerRun?: number;
}

export interface DeadLetterHoldings {
  endpointId: string;
  /** Oldest first; at most MAX_HELD_IDS of them (the database has the full list). */
  openDeadLetterIds: string[];
  openCount: number;
}

export interface DeadLetterResolved {
  deadLetterId: string;
  resolution: 'replayed' | 'discarded';
}

export const deadLetterAddedSignal = defineSignal<[deadLetterId: string]>('deadLetterAdded');
export const deadLetterResolvedSignal = defineSignal<[DeadLetterResolved]>('deadLetterResolved');
export const openDeadLettersQuery = defineQuery<DeadLetterHoldings>('openDeadLetters');

export interface DeadLetterReplayInput {
  deadLetterIds: string[];
  /** At most this many replays are started per second. */
  ratePerSecond: number;
}

export interface DeadLetterReplayProgress {
  total: number;
  replayed: number;
  /** Resolved by someone else meanwhile, or their endpoint stopped being active. */
  skipped: number;
  done: boolean;
}

export const replayProgressQuery = defineQuery<DeadLetterReplayProgress>('replayProgress');
