// One Task Run: wait until its time, then deliver with the endpoint's retry policy. Temporal's retry
// of the delivery activity is the Retry Job (its spacing and its count of calls are the activity's);
// what cannot be delivered becomes a dead letter. A run that must wait for its endpoint is parked by
// the activity and sleeps here (a timer, or the wake-up signal), costing Temporal nothing per wait.
import {
  ActivityFailure,
  ApplicationFailure,
  CancellationScope,
  condition,
  isCancellation,
  patched,
  proxyActivities,
  setHandler,
  sleep,
  upsertSearchAttributes,
  workflowInfo,
} from '@temporalio/workflow';
import type { Activities } from '../activities';
import { DELIVERY_HEARTBEAT_TIMEOUT_MS, INFRASTRUCTURE_RETRY, deliveryStartToCloseMs } from '../src/domain/delivery-timing';
import {
  DEAD_LETTERED_FAILURE,
  FAILURE_TYPES,
  type DeadLetteredDetails,
  type ParkedDelivery,
  type TaskRunInput,
  type TaskRunOutcome,
} from '../src/workflow-contracts/task-run-input';
import { SEARCH_ATTRIBUTES } from '../src/temporal/search-attributes';
import { deliveryProgressSignal, taskRunWakeSignal, type DeliveryProgress } from '../src/workflow-contracts/task-run-signals';

/** Runs that must wait park (timer + wake-up signal) instead of failing the activity with a timed retry. */
const PARKED_RUNS_PATCH = 'parked-runs';
/** The dead letter's record and its announcement to the dead-letter workflow: one transaction (outbox). */
const DEAD_LETTER_OUTBOX_PATCH = 'dead-letter-outbox';
/**
 * A run delivered on the happy path writes no status (EdgeCronStatus is written only once a run leaves
 * it), and a dead letter fails the workflow. Implies parked runs, so that patch is not asked again.
 */
const LEAN_PATCH = 'lean-happy-path';

const ledger = proxyActivities<Activities>({
  // Short database writes; retried until the database answers (they are idempotent).
  startToCloseTimeout: '30 seconds',
  retry: { initialInterval: '1 second', maximumInterval: '30 seconds' },
});

function deliveryActivities(input: TaskRunInput) {
  return proxyActivities<Activities>({
    // The HTTP call (the endpoint's timeout) plus the activity's bounded waits for the database.
    startToCloseTimeout: deliveryStartToCloseMs(input.timeoutMs),
    // A killed worker's deliveries are retried elsewhere within seconds (slow calls heartbeat).
    heartbeatTimeout: DELIVERY_HEARTBEAT_TIMEOUT_MS,
    // Only our own outages reach this policy, so it never gives up (no maximumAttempts): the activity
    // counts calls against input.retry itself, spaces them (nextRetryDelay) and ends them non-retryably.
    retry: {
      initialInterval: INFRASTRUCTURE_RETRY.initialIntervalMs,
      backoffCoefficient: INFRASTRUCTURE_RETRY.backoffCoefficient,
      maximumInterval: INFRASTRUCTURE_RETRY.maximumIntervalMs,
      nonRetryableErrorTypes: [FAILURE_TYPES.permanent, FAILURE_TYPES.runEnded, FAILURE_TYPES.attemptsExhausted],
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

/** Has the run shown a status (started delayed, or a retry or slow call reported progress)? Then its outcome must replace it. */
function statusShown(): boolean {
  return workflowInfo().typedSearchAttributes.get(SEARCH_ATTRIBUTES.status) !== undefined;
}

export async function taskRunWorkflow(input: TaskRunInput): Promise<TaskRunOutcome> {
  const lean = patched(LEAN_PATCH);
  const { outcome, deadLetter } = await deliverOrDeadLetter(input, lean);
  if (!lean) {
    setStatus(outcome);
    return outcome;
  }
  // The happy path pays no command and no visibility write: the workflow's own status says Completed.
  if (outcome !== 'success' || statusShown()) setStatus(outcome);
  if (deadLetter) {
    const details: DeadLetteredDetails = { taskRunId: input.taskRunId, endpointId: input.endpointId, reason: deadLetter.reason };
    // A dead letter is a failed workflow, so the Web UI's failure views list it.
    throw ApplicationFailure.create({ type: DEAD_LETTERED_FAILURE, message: `dead letter (${deadLetter.reason}): ${deadLetter.detail}`, nonRetryable: true, details: [details] });
  }
  return outcome;
}

interface Ended {
  outcome: TaskRunOutcome;
  deadLetter?: { reason: string; detail: string };
}

async function deliverOrDeadLetter(input: TaskRunInput, lean: boolean): Promise<Ended> {
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
      if (lean || patched(PARKED_RUNS_PATCH)) await deliverParking(input, deliverActivity);
      else await deliverActivity(input);
    } finally {
      delivering = false;
    }
    return { outcome: 'success' };
  } catch (err) {
    if (isCancellation(err)) {
      await CancellationScope.nonCancellable(() => ledger.markTaskRunCancelledActivity(input.taskRunId));
      return { outcome: 'cancelled' };
    }
    if (!(err instanceof ActivityFailure)) throw err;
    const failure = failureDetail(err);
    if (failure.type === FAILURE_TYPES.runEnded) return { outcome: failure.status === 'cancelled' ? 'cancelled' : 'failed' };
    const reason = failure.reason ?? 'attempts_exhausted';
    const deadLetter = { taskRunId: input.taskRunId, endpointId: input.endpointId, reason, detail: failure.message };
    if (lean || patched(DEAD_LETTER_OUTBOX_PATCH)) {
      await ledger.recordDeadLetterActivity({ ...deadLetter, announce: true });
      return { outcome: 'dead_letter', deadLetter: { reason, detail: failure.message } };
    }
    const deadLetterId = await ledger.recordDeadLetterActivity(deadLetter);
    // Hand it to the endpoint's dead-letter workflow, which holds it until it is replayed or discarded.
    await ledger.announceDeadLetterActivity({ deadLetterId, taskRunId: input.taskRunId, endpointId: input.endpointId, reason });
    return { outcome: 'dead_letter', deadLetter: { reason, detail: failure.message } };
  }
}

/** Delivers; each time the activity parks the run, sleeps until its time or a wake-up, then goes again. */
async function deliverParking(input: TaskRunInput, deliverActivity: ReturnType<typeof deliveryActivities>['deliverActivity']): Promise<void> {
  let woken = false;
  setHandler(taskRunWakeSignal, () => {
    woken = true;
  });
  let parked = false;
  for (;;) {
    // A wake-up that arrives while the activity is still parking the run counts: it is reset only here.
    woken = false;
    const answer = (await deliverActivity({ ...input, mayPark: true, parked })) as Partial<ParkedDelivery>;
    if (answer.parkedForMs === undefined) return;
    parked = true;
    if (answer.parkedForMs > 0) await condition(() => woken, answer.parkedForMs);
  }
}
