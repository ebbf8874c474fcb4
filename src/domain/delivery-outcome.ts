// What one HTTP result means for the run. Pure: unit-tested on its own, used by the delivery activity.
import { findOverride, type StatusCodeOverrides } from './status-overrides';

/**
 * How a call failed without an HTTP status. The last four are a queue destination's answers: a refusal
 * that may pass (`rejected`: throttling, a server error) and three that a retry cannot change.
 */
export type ErrorKind = 'timeout' | 'network' | 'http' | 'blocked' | 'rejected' | 'not_found' | 'auth_failed' | 'too_large';

export type Decision = 'success' | 'retry' | 'dead_letter' | 'disable_endpoint';

export interface CallResult {
  statusCode?: number;
  errorKind?: ErrorKind;
  /** A queue destination's acknowledgement (it has no status code): the send succeeded. */
  destinationResult?: unknown;
}

export interface OutcomeDecision {
  decision: Decision;
  reason: string;
  /** The dead letter's reason code when it is not the usual one (a queue destination's refusals). */
  code?: string;
}

/** A queue destination's refusals that no retry can change: each dead-letters at once with its own code. */
const DESTINATION_REFUSALS: Partial<Record<ErrorKind, { code: string; reason: string }>> = {
  not_found: { code: 'destination_not_found', reason: 'the destination has no such queue or topic' },
  auth_failed: { code: 'destination_auth_failed', reason: 'the destination refused the credentials' },
  too_large: { code: 'message_too_large', reason: "the message is over the destination's size limit" },
};

/** The dead letter's code of a recorded decision reason, when a destination refusal wrote it. */
export function destinationRefusalCode(reason: string): string | undefined {
  return Object.values(DESTINATION_REFUSALS).find((r) => reason.startsWith(r!.reason))?.code;
}

const RETRYABLE_4XX = new Set([408, 425, 429]);

/** `overrides` are the endpoint's own rules for status codes; timeouts and network errors always retry. */
export function decideOutcome(result: CallResult, overrides?: StatusCodeOverrides): OutcomeDecision {
  const code = result.statusCode;
  if (code === undefined && result.destinationResult !== undefined && !result.errorKind) return { decision: 'success', reason: 'accepted by the destination' };
  if (code === undefined) {
    // The address is refused by policy (SSRF guard): retrying cannot change that.
    if (result.errorKind === 'blocked') return { decision: 'dead_letter', reason: 'destination address refused by the delivery policy' };
    const refusal = result.errorKind && DESTINATION_REFUSALS[result.errorKind];
    if (refusal) return { decision: 'dead_letter', reason: refusal.reason, code: refusal.code };
    const kind = result.errorKind ?? 'network';
    if (kind === 'rejected') return { decision: 'retry', reason: 'the destination refused the message for now' };
    return { decision: 'retry', reason: kind === 'timeout' ? 'timed out' : 'network error' };
  }
  const override = findOverride(overrides, code);
  if (override) return { decision: override.decision, reason: `HTTP ${code}: ${override.decision} (endpoint override ${override.key})` };
  if (code >= 200 && code < 300) return { decision: 'success', reason: `HTTP ${code}` };
  if (code >= 500 || RETRYABLE_4XX.has(code)) return { decision: 'retry', reason: `HTTP ${code} is retryable` };
  if (code === 410) return { decision: 'disable_endpoint', reason: 'HTTP 410 Gone: endpoint disabled' };
  return { decision: 'dead_letter', reason: `HTTP ${code} is not retryable` };
}
