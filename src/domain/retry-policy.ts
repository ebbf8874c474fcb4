// The retry rule as data and one pure function. Pure module: the delivery activity spaces its retries
// and shows `nextAttemptAt` with it.

export type RetryStrategy = 'fixed' | 'linear' | 'exponential';

export interface RetryPolicySpec {
  strategy: RetryStrategy;
  initialIntervalMs: number;
  maxIntervalMs: number;
  /** Growth factor for `exponential`; ignored by `fixed` and `linear`. */
  coefficient: number;
  /** Total HTTP calls, first one included. */
  maxAttempts: number;
  /** 0..1: each delay is spread uniformly over ±ratio of itself (0 = exact). Optional for older inputs. */
  jitterRatio?: number;
}

/** Used when an endpoint has no policy and no default policy is stored: 1s, 2s, 4s … capped at 1h, 8 calls. */
export const BUILT_IN_RETRY_POLICY: RetryPolicySpec = {
  strategy: 'exponential',
  initialIntervalMs: 1000,
  maxIntervalMs: 3_600_000,
  coefficient: 2,
  maxAttempts: 8,
  jitterRatio: 0,
};

/**
 * Delay before the call that follows failed call number `failedAttempt` (1-based), before any
 * Retry-After override: fixed = initial; linear = initial × n; exponential = initial × coefficient^(n-1);
 * all capped at maxIntervalMs. `random` (0..1) applies the policy's jitter; workflows pass none, so
 * the value they compute stays deterministic.
 */
export function nextDelayMs(policy: RetryPolicySpec, failedAttempt: number, random?: number): number {
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
  const jitter = policy.jitterRatio ?? 0;
  if (random !== undefined && jitter > 0) delay *= 1 + jitter * (2 * random - 1);
  return Math.round(Math.min(delay, policy.maxIntervalMs));
}

export interface RetryPlan {
  delayMs: number;
}

/**
 * The wait after failed call `failedAttempt`: the receiver's Retry-After when it sent one (capped by
 * the policy's maximum, never jittered), else the policy's delay. The delivery activity passes it to
 * Temporal as nextRetryDelay for every retry, so the spacing follows calls made, not activity attempts.
 */
export function planRetry(policy: RetryPolicySpec, failedAttempt: number, retryAfterMs?: number, random?: number): RetryPlan {
  if (retryAfterMs !== undefined) {
    // At least 1 ms: a zero nextRetryDelay would mean "unset" and fall back to Temporal's policy.
    return { delayMs: Math.max(1, Math.min(retryAfterMs, policy.maxIntervalMs)) };
  }
  const jittered = random !== undefined && (policy.jitterRatio ?? 0) > 0;
  return { delayMs: nextDelayMs(policy, failedAttempt, jittered ? random : undefined) };
}
