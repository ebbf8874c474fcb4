// What one call means for the run, and when the next call goes out. Pure: the call's result, the
// endpoint's overrides, the retry policy, the attempt number, the clock and a random draw come in;
// nothing is read or written (test/unit-delivery-decision.test.ts).
import { decideOutcome, type OutcomeDecision } from '../../src/domain/delivery-outcome';
import { parseRetryAfterMs } from '../../src/domain/retry-after';
import { planRetry, type RetryPolicySpec } from '../../src/domain/retry-policy';
import type { StatusCodeOverrides } from '../../src/domain/status-overrides';
import { noAttemptsLeftReason } from './delivery-failures';
import type { CallOutcome } from './http/send-webhook';

export interface CallDecisionInput {
  call: CallOutcome;
  overrides: StatusCodeOverrides | undefined;
  policy: RetryPolicySpec;
  /** The ledger's number of this call (calls recorded before it + 1). */
  attemptNumber: number;
  /** When the call ended: a Retry-After given as an HTTP date counts from here. */
  nowMs: number;
  /** 0..1: the policy's jitter. */
  random: number;
}

export interface CallDecision {
  /** What the call itself means, from its status (or error) and the endpoint's overrides. */
  outcome: OutcomeDecision;
  /** What the attempt row keeps: a retry with no attempts left is recorded as a dead letter. */
  recorded: OutcomeDecision;
  /** Set when another call follows: the wait before it. */
  retryDelayMs?: number;
  /** The last call the policy allows failed retryably. */
  exhausted: boolean;
}

export function decideCall({ call, overrides, policy, attemptNumber, nowMs, random }: CallDecisionInput): CallDecision {
  const outcome = decideOutcome(call, overrides);
  const isLastAttempt = attemptNumber >= policy.maxAttempts;

  // Every retry is spaced here, by the call-based attempt number: the policy's delay, or the
  // receiver's Retry-After (seconds or HTTP date) capped by the policy's maximum interval.
  const retryDelayMs =
    outcome.decision === 'retry' && !isLastAttempt
      ? planRetry(policy, attemptNumber, parseRetryAfterMs(call.responseHeaders?.['retry-after'], nowMs), random).delayMs
      : undefined;
  const exhausted = isLastAttempt && outcome.decision === 'retry';

  const recorded: OutcomeDecision = exhausted
    ? { decision: 'dead_letter', reason: noAttemptsLeftReason(outcome.reason, policy.maxAttempts) }
    : outcome;
  return { outcome, recorded, retryDelayMs, exhausted };
}
