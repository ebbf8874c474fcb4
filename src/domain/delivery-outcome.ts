// What one HTTP result means for the run. Pure: unit-tested on its own, used by the delivery activity.
import { findOverride, type StatusCodeOverrides } from './status-overrides';

export type ErrorKind = 'timeout' | 'network' | 'http' | 'blocked';

export type Decision = 'success' | 'retry' | 'dead_letter' | 'disable_endpoint';

export interface CallResult {
  statusCode?: number;
  errorKind?: ErrorKind;
}

export interface OutcomeDecision {
  decision: Decision;
  reason: string;
}

const RETRYABLE_4XX = new Set([408, 425, 429]);

/** `overrides` are the endpoint's own rules for status codes; timeouts and network errors always retry. */
export function decideOutcome(result: CallResult, overrides?: StatusCodeOverrides): OutcomeDecision {
  const code = result.statusCode;
  if (code === undefined) {
    // The address is refused by policy (SSRF guard): retrying cannot change that.
    if (result.errorKind === 'blocked') return { decision: 'dead_letter', reason: 'destination address refused by the delivery policy' };
    const kind = result.errorKind ?? 'network';
    return { decision: 'retry', reason: kind === 'timeout' ? 'timed out' : 'network error' };
  }
  const override = findOverride(overrides, code);
  if (override) return { decision: override.decision, reason: `HTTP ${code}: ${override.decision} (endpoint override ${override.key})` };
  if (code >= 200 && code < 300) return { decision: 'success', reason: `HTTP ${code}` };
  if (code >= 500 || RETRYABLE_4XX.has(code)) return { decision: 'retry', reason: `HTTP ${code} is retryable` };
  if (code === 410) return { decision: 'disable_endpoint', reason: 'HTTP 410 Gone: endpoint disabled' };
  return { decision: 'dead_letter', reason: `HTTP ${code} is not retryable` };
}
