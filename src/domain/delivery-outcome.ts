// What one HTTP result means for the run. Pure: unit-tested on its own, used by the delivery activity.

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

export function decideOutcome(result: CallResult): OutcomeDecision {
  const code = result.statusCode;
  if (code === undefined) {
    // The address is refused by policy (SSRF guard): retrying cannot change that.
    if (result.errorKind === 'blocked') return { decision: 'dead_letter', reason: 'destination address refused by the delivery policy' };
    const kind = result.errorKind ?? 'network';
    return { decision: 'retry', reason: kind === 'timeout' ? 'timed out' : 'network error' };
  }
  if (code >= 200 && code < 300) return { decision: 'success', reason: `HTTP ${code}` };
  if (code >= 500 || RETRYABLE_4XX.has(code)) return { decision: 'retry', reason: `HTTP ${code} is retryable` };
  if (code === 410) return { decision: 'disable_endpoint', reason: 'HTTP 410 Gone: endpoint disabled' };
  return { decision: 'dead_letter', reason: `HTTP ${code} is not retryable` };
}
