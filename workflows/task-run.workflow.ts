// One Task Run: wait until its time, then deliver with the endpoint's retry policy. Temporal's retry
// of the delivery activity is the Retry Job; what cannot be delivered becomes a dead letter.
import {
  ActivityFailure,
  ApplicationFailure,
  CancellationScope,
  isCancellation,
  proxyActivities,
  setHandler,
  sleep,
  upsertSearchAttributes,
} from '@temporalio/workflow';
import type { Activities } from '../activities';
import { FAILURE_TYPES, type TaskRunInput, type TaskRunOutcome } from '../src/domain/task-run-input';
import { SEARCH_ATTRIBUTES } from '../src/temporal/search-attributes';
import { deliveryProgressSignal, type DeliveryProgress } from './task-run.definitions';

const ledger = proxyActivities<Activities>({
  // Short database writes; retried until the database answers (they are idempotent).
  startToCloseTimeout: '30 seconds',
  retry: { initialInterval: '1 second', maximumInterval: '30 seconds' },
});

function deliveryActivities(input: TaskRunInput) {
  const policy = input.retry;
  return proxyActivities<Activities>({
    // The endpoint's own timeout bounds the HTTP call; 30 s more leaves room for ledger writes.
    startToCloseTimeout: input.timeoutMs + 30_000,
    retry: {
      initialInterval: policy.initialIntervalMs,
      // Exponential grows by the coefficient; fixed and linear keep 1 (linear sets nextRetryDelay).
      backoffCoefficient: policy.strategy === 'exponential' ? policy.coefficient : 1,
      maximumInterval: Math.max(policy.maxIntervalMs, policy.initialIntervalMs),
      maximumAttempts: policy.maxAttempts,
      nonRetryableErrorTypes: [FAILURE_TYPES.permanent, FAILURE_TYPES.runEnded],
    },
  });
}

function setStatus(status: TaskRunOutcome | DeliveryProgress): void {
  upsertSearchAttributes([{ key: SEARCH_ATTRIBUTES.status, value: status }]);
}

function failureDetail(err: ActivityFailure): { type?: string; message: string; reason?: string; status?: string } {
  const cause = err.cause;
  if (cause instanceof ApplicationFailure) {
    const details = (cause.details?.[0] ?? {}) as { reason?: string; status?: string };
    return { type: cause.type ?? undefined, message: cause.message, ...details };
  }
  return { message: cause?.message ?? err.message, reason: 'attempts_exhausted' };
}

export async function taskRunWorkflow(input: TaskRunInput): Promise<TaskRunOutcome> {
  const outcome = await deliverOrDeadLetter(input);
  setStatus(outcome);
  return outcome;
}

async function deliverOrDeadLetter(input: TaskRunInput): Promise<TaskRunOutcome> {
  const { deliverActivity } = deliveryActivities(input);
  // Progress only matters while the delivery activity runs; once it settles the outcome wins.
  let delivering = false;
  setHandler(deliveryProgressSignal, (progress) => {
    if (delivering) setStatus(progress);
  });
  try {
    if (input.delayMs > 0) await sleep(input.delayMs);
    // `running` and `retry_scheduled` come from the delivery activity (no extra command per run).
    delivering = true;
    try {
      await deliverActivity(input);
    } finally {
      delivering = false;
    }
    return 'success';
  } catch (err) {
    if (isCancellation(err)) {
      await CancellationScope.nonCancellable(() => ledger.markTaskRunCancelledActivity(input.taskRunId));
      return 'cancelled';
    }
    if (!(err instanceof ActivityFailure)) throw err;
    const failure = failureDetail(err);
    if (failure.type === FAILURE_TYPES.runEnded) return failure.status === 'cancelled' ? 'cancelled' : 'failed';
    const reason = failure.reason ?? 'attempts_exhausted';
    const deadLetterId = await ledger.recordDeadLetterActivity({
      taskRunId: input.taskRunId,
      endpointId: input.endpointId,
      reason,
      detail: failure.message,
    });
    // Hand it to the endpoint's dead-letter workflow, which holds it until it is replayed or discarded.
    await ledger.announceDeadLetterActivity({ deadLetterId, taskRunId: input.taskRunId, endpointId: input.endpointId, reason });
    return 'dead_letter';
  }
}
