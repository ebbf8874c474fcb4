// Pure retry rules: jitter, Retry-After planning and per-endpoint status overrides.
import { describe, expect, it } from 'vitest';
import { decideOutcome } from '../src/domain/delivery-outcome';
import { nextDelayMs, planRetry, type RetryPolicySpec } from '../src/domain/retry-policy';
import { toStatusCodeOverrides } from '../src/domain/status-overrides';

const policy = (over: Partial<RetryPolicySpec>): RetryPolicySpec => ({
  strategy: 'exponential', initialIntervalMs: 1000, maxIntervalMs: 10_000, coefficient: 2, maxAttempts: 5, jitterRatio: 0, ...over,
});

describe('jitter', () => {
  it('spreads a delay over ±jitterRatio with the injected random value, still capped', () => {
    const p = policy({ jitterRatio: 0.5 });
    expect(nextDelayMs(p, 2, 0)).toBe(1000); // 2000 × 0.5
    expect(nextDelayMs(p, 2, 0.5)).toBe(2000);
    expect(nextDelayMs(p, 2, 1)).toBe(3000); // 2000 × 1.5
    expect(nextDelayMs(p, 5, 1)).toBe(10_000); // 16000 × 1.5 capped
  });
  it('without a random value (as workflows call it) the delay is exact', () => {
    expect(nextDelayMs(policy({ jitterRatio: 0.5 }), 3)).toBe(4000);
  });
});

describe('planRetry', () => {
  it('fixed and exponential delays are exact without jitter', () => {
    expect(planRetry(policy({}), 1, undefined, 0.9)).toEqual({ delayMs: 1000 });
    expect(planRetry(policy({ strategy: 'fixed' }), 3)).toEqual({ delayMs: 1000 });
  });
  it('linear grows, jitter spreads, Retry-After wins (capped, not jittered)', () => {
    expect(planRetry(policy({ strategy: 'linear' }), 3)).toEqual({ delayMs: 3000 });
    expect(planRetry(policy({ jitterRatio: 0.2 }), 1, undefined, 1)).toEqual({ delayMs: 1200 });
    expect(planRetry(policy({ jitterRatio: 0.2 }), 1, 7000, 1)).toEqual({ delayMs: 7000 });
    expect(planRetry(policy({}), 1, 60_000)).toEqual({ delayMs: 10_000 });
    expect(planRetry(policy({}), 1, 0).delayMs).toBe(1);
  });
});

describe('status code overrides', () => {
  const overrides = toStatusCodeOverrides({ '404': 'retry', '5xx': 'dead_letter', '503': 'retry', bogus: 'retry', '409': 'explode' });
  it('keeps only valid keys and decisions', () => {
    expect(overrides).toEqual({ '404': 'retry', '5xx': 'dead_letter', '503': 'retry' });
  });
  it('an exact code wins over its class; others keep the default rule', () => {
    expect(decideOutcome({ statusCode: 404 }, overrides).decision).toBe('retry');
    expect(decideOutcome({ statusCode: 500 }, overrides).decision).toBe('dead_letter');
    expect(decideOutcome({ statusCode: 503 }, overrides).decision).toBe('retry');
    expect(decideOutcome({ statusCode: 400 }, overrides).decision).toBe('dead_letter');
    expect(decideOutcome({ statusCode: 410 }, overrides).decision).toBe('disable_endpoint');
    expect(decideOutcome({ errorKind: 'timeout' }, overrides).decision).toBe('retry');
    expect(decideOutcome({ statusCode: 404 }, overrides).reason).toContain('endpoint override 404');
  });
});
