// The failures the delivery activity ends a call with: for the call it just made, and for a call
// recorded earlier (by an attempt whose end Temporal never heard of), which settles the run again
// without calling the receiver.
import { ApplicationFailure } from '@temporalio/activity';
import { destinationRefusalCode, type Decision } from '../../src/domain/delivery-outcome';
import { FAILURE_TYPES } from '../../src/workflow-contracts/task-run-input';
import type { CallDecision } from './decide';

export interface DeliveryResult {
  attemptNumber: number;
  statusCode: number;
}

/** What the ledger keeps of a call that settles the run (see claim-run.ts). */
export interface RecordedCall {
  attemptNumber: number;
  statusCode: number | null;
  decision: string;
  decisionReason: string;
}

const NO_ATTEMPTS_LEFT = /; no attempts left \(\d+\)$/;

/** The decision reason written on the last call the policy allows when it failed retryably. */
export function noAttemptsLeftReason(reason: string, maxAttempts: number): string {
  return `${reason}; no attempts left (${maxAttempts})`;
}

/** A retryable failure with calls left: spaced by the policy (or Retry-After) through nextRetryDelay. */
export function retryFailure(reason: string, delayMs: number): ApplicationFailure {
  return ApplicationFailure.create({ type: FAILURE_TYPES.retryable, message: reason, nextRetryDelay: delayMs, details: [{ reason: 'attempts_exhausted' }] });
}

/**
 * The endpoint's circuit is open: the run comes back just after the next probe (or in a moment if a
 * probe is out now), spending no attempt.
 */
export function circuitOpenFailure(nextProbeAt: Date | null, probing: boolean): ApplicationFailure {
  const untilProbe = nextProbeAt ? nextProbeAt.getTime() - Date.now() : 1_000;
  const delayMs = probing ? 1_000 + Math.random() * 1_000 : Math.max(500, untilProbe) + Math.random() * 1_000;
  return ApplicationFailure.create({ type: FAILURE_TYPES.throttled, message: 'circuit open', nextRetryDelay: Math.round(delayMs) });
}

/** The last call allowed failed retryably: the activity decides, Temporal's own retries never cap calls. */
export function exhaustedFailure(reason: string): ApplicationFailure {
  return ApplicationFailure.create({ type: FAILURE_TYPES.attemptsExhausted, message: reason, nonRetryable: true, details: [{ reason: 'attempts_exhausted' }] });
}

/** `code`: the dead letter's reason code, when the outcome has its own (a queue destination's refusal). */
export function permanentFailure(reason: string, decision: Decision, code?: string): ApplicationFailure {
  return ApplicationFailure.create({
    type: FAILURE_TYPES.permanent,
    message: reason,
    nonRetryable: true,
    details: [{ reason: code ?? (decision === 'disable_endpoint' ? 'endpoint_gone' : 'permanent_failure') }],
  });
}

/** Settles the run from a call just recorded: success returns, anything else throws its failure. */
export function settleCall({ outcome, retryDelayMs, exhausted }: CallDecision, attemptNumber: number, statusCode: number | undefined): DeliveryResult {
  // A queue destination answers with no status: 0.
  if (outcome.decision === 'success') return { attemptNumber, statusCode: statusCode ?? 0 };
  if (retryDelayMs !== undefined) throw retryFailure(outcome.reason, retryDelayMs);
  if (exhausted) throw exhaustedFailure(outcome.reason);
  throw permanentFailure(outcome.reason, outcome.decision, outcome.code);
}

/** Settles the run from its recorded last call: success returns, anything else throws its failure. */
export function settleRecordedCall(call: RecordedCall): DeliveryResult {
  if (call.decision === 'success') return { attemptNumber: call.attemptNumber, statusCode: call.statusCode ?? 0 };
  if (call.decision === 'retry' || NO_ATTEMPTS_LEFT.test(call.decisionReason)) {
    throw exhaustedFailure(call.decisionReason.replace(NO_ATTEMPTS_LEFT, ''));
  }
  throw permanentFailure(call.decisionReason, call.decision as Decision, destinationRefusalCode(call.decisionReason));
}
