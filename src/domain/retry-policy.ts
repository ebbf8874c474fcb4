// The retry rule as data and one pure function. Pure module: the workflow imports it to build the
// delivery activity's Temporal RetryPolicy, the activity imports it to show `nextAttemptAt`.

export type RetryStrategy = 'fixed' | 'linear' | 'exponential';

export interface RetryPolicySpec {
  strategy: RetryStrategy;
  initialIntervalMs: number;
  maxIntervalMs: number;
  /** Growth factor for `exponential`; ignored by `fixed` and `linear`. */
  coefficient: number;
  /** Total HTTP calls, first one included. */
  maxAttempts: number;
}

/** Used when an endpoint has no policy and no default policy is stored: 1s, 2s, 4s … capped at 1h, 8 calls. */
export const BUILT_IN_RETRY_POLICY: RetryPolicySpec = {
  strategy: 'exponential',
  initialIntervalMs: 1000,
  maxIntervalMs: 3_600_000,
  coefficient: 2,
  maxAttempts: 8,
};

/**
 * Delay before the call that follows failed call number `failedAttempt` (1-based), before any
 * Retry-After override: fixed = initial; linear = initial × n; exponential = initial × coefficient^(n-1);
 * all capped at maxIntervalMs.
 */
export function nextDelayMs(policy: RetryPolicySpec, failedAttempt: number): number {
  const n = Math.max(1, failedAttempt);
  let delay: number;
  switch (policy.strategy) {
    case 'fixed':
      delay = policy.initialIntervalMs;
      break;
    case 'linear':
      delay = policy.initialIntervalMs * n;
      break;
    case 'exponential':
      delay = policy.initialIntervalMs * Math.pow(policy.coefficient, n - 1);
      break;
  }
  return Math.min(delay, policy.maxIntervalMs);
}

/** True when Temporal's own RetryPolicy spaces this strategy; otherwise the activity sets nextRetryDelay. */
export function temporalSpacesRetries(policy: RetryPolicySpec): boolean {
  return policy.strategy !== 'linear';
}
