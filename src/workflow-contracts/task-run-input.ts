// What a TaskRun workflow is started with. Types only, shared by the API, the workflow and activities.
import type { RetryPolicySpec } from '../domain/retry-policy';

export interface TaskRunInput {
  taskRunId: string;
  endpointId: string;
  /** Milliseconds to wait before the first call (0 = now). Computed by the caller, not the workflow. */
  delayMs: number;
  retry: RetryPolicySpec;
  /** The endpoint's timeout, so the activity's start-to-close timeout can leave room for it. */
  timeoutMs: number;
}

/** What the workflow adds for the delivery activity when it can park the run (patch `parked-runs`). */
export interface ParkableDelivery extends TaskRunInput {
  /** The workflow sleeps when told to (a timer and the wake-up signal): park instead of a timed retry. */
  mayPark: true;
  /** The run has parked before: once it goes (or ends), its ParkedRun row is removed. */
  parked: boolean;
}

/** The delivery activity parked the run: the workflow sleeps this long at most, or until woken (0: go again now). */
export interface ParkedDelivery {
  parkedForMs: number;
}

/**
 * How a TaskRun workflow ended; mirrors the final TaskRun status. A run started since the
 * `lean-happy-path` patch never returns 'dead_letter': it fails with DEAD_LETTERED_FAILURE instead,
 * so dead letters show among the Web UI's failed workflows.
 */
export type TaskRunOutcome = 'success' | 'dead_letter' | 'cancelled' | 'failed';

/** The ApplicationFailure type a TaskRun workflow fails with when its run becomes a dead letter. */
export const DEAD_LETTERED_FAILURE = 'TaskRunDeadLettered';

/** The details[0] of that failure. */
export interface DeadLetteredDetails {
  taskRunId: string;
  endpointId: string;
  reason: string;
}

/** Application failure types the delivery activity throws; the workflow branches on them. */
export const FAILURE_TYPES = {
  /** A retryable HTTP/timeout/network failure with calls left; the activity sets nextRetryDelay. */
  retryable: 'DeliveryRetryable',
  /** A retryable failure of the last call the policy allows (reason attempts_exhausted); never retried. */
  attemptsExhausted: 'DeliveryAttemptsExhausted',
  /** No delivery slot free (flow limits, fair share): the run comes back later; no call was spent. */
  throttled: 'DeliveryThrottled',
  /** Our own outage (the database did not answer in time): no call was spent; Temporal retries without limit. */
  infrastructure: 'DeliveryInfrastructure',
  /** A response that will not get better by retrying (most 4xx, 3xx). */
  permanent: 'DeliveryPermanent',
  /** The run can no longer be delivered (cancelled, endpoint gone); not a dead letter. */
  runEnded: 'TaskRunEnded',
} as const;
