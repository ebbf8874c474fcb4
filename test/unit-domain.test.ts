// Pure domain rules, no stack needed.
import { Webhook } from 'standardwebhooks';
import { describe, expect, it } from 'vitest';
import { decideOutcome, destinationRefusalCode } from '../src/domain/delivery-outcome';
import { isId, newId } from '../src/domain/node/ids';
import { parseRetryAfterMs } from '../src/domain/retry-after';
import { nextDelayMs, type RetryPolicySpec } from '../src/domain/retry-policy';
import { generateSigningSecret, signatureHeaders } from '../src/domain/node/signing';

const policy = (strategy: RetryPolicySpec['strategy']): RetryPolicySpec => ({
  strategy, initialIntervalMs: 1000, maxIntervalMs: 5000, coefficient: 2, maxAttempts: 10,
});

describe('nextDelayMs', () => {
  it('fixed waits the same each time', () => {
    expect([1, 2, 3, 4].map((n) => nextDelayMs(policy('fixed'), n))).toEqual([1000, 1000, 1000, 1000]);
  });
  it('linear grows by the initial interval, capped', () => {
    expect([1, 2, 3, 6, 7].map((n) => nextDelayMs(policy('linear'), n))).toEqual([1000, 2000, 3000, 5000, 5000]);
  });
  it('exponential multiplies by the coefficient, capped', () => {
    expect([1, 2, 3, 4].map((n) => nextDelayMs(policy('exponential'), n))).toEqual([1000, 2000, 4000, 5000]);
  });
});

describe('decideOutcome', () => {
  it.each([
    [{ statusCode: 200 }, 'success'],
    [{ statusCode: 204 }, 'success'],
    [{ statusCode: 500 }, 'retry'],
    [{ statusCode: 503 }, 'retry'],
    [{ statusCode: 408 }, 'retry'],
    [{ statusCode: 425 }, 'retry'],
    [{ statusCode: 429 }, 'retry'],
    [{ errorKind: 'timeout' as const }, 'retry'],
    [{ errorKind: 'network' as const }, 'retry'],
    [{ statusCode: 410 }, 'disable_endpoint'],
    [{ statusCode: 404 }, 'dead_letter'],
    [{ statusCode: 400 }, 'dead_letter'],
    [{ statusCode: 301 }, 'dead_letter'],
    // A queue destination: an acknowledgement is a success; its refusals retry or dead-letter by kind.
    [{ destinationResult: { messageId: 'm-1' } }, 'success'],
    [{ errorKind: 'rejected' as const }, 'retry'],
    [{ errorKind: 'not_found' as const }, 'dead_letter'],
    [{ errorKind: 'auth_failed' as const }, 'dead_letter'],
    [{ errorKind: 'too_large' as const }, 'dead_letter'],
  ])('%j → %s', (result, decision) => {
    expect(decideOutcome(result).decision).toBe(decision);
  });

  it("gives a destination's permanent refusals their dead-letter codes, and finds the code again from the recorded reason", () => {
    for (const [errorKind, code] of [['not_found', 'destination_not_found'], ['auth_failed', 'destination_auth_failed'], ['too_large', 'message_too_large']] as const) {
      const outcome = decideOutcome({ errorKind });
      expect(outcome.code).toBe(code);
      expect(destinationRefusalCode(`${outcome.reason}; no attempts left (3)`)).toBe(code);
    }
    expect(destinationRefusalCode('HTTP 404 is not retryable')).toBeUndefined();
  });
});

describe('parseRetryAfterMs', () => {
  const now = Date.parse('2026-01-01T00:00:00Z');
  it('reads seconds and HTTP dates', () => {
    expect(parseRetryAfterMs('7', now)).toBe(7000);
    expect(parseRetryAfterMs('Thu, 01 Jan 2026 00:00:30 GMT', now)).toBe(30_000);
    expect(parseRetryAfterMs('garbage', now)).toBeUndefined();
    expect(parseRetryAfterMs(undefined, now)).toBeUndefined();
  });
});

describe('signing', () => {
  it('produces headers the standardwebhooks package accepts, and rejects a tampered body', () => {
    const secret = generateSigningSecret();
    const body = JSON.stringify({ a: 1 });
    const headers = signatureHeaders(secret, 'msg_1', Math.floor(Date.now() / 1000), body);
    expect(() => new Webhook(secret).verify(body, headers)).not.toThrow();
    expect(() => new Webhook(secret).verify(body + ' ', headers)).toThrow();
  });
});

describe('ids', () => {
  it('are prefixed and sort by creation time', () => {
    const a = newId('taskRun', 1_000);
    const b = newId('taskRun', 2_000);
    expect(isId('taskRun', a)).toBe(true);
    expect(a < b).toBe(true);
    expect(isId('endpoint', a)).toBe(false);
  });
});
