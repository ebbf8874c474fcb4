// The delivery path's two pure steps (activities/delivery/): what a call means and when the next one
// goes out (decideCall), and what it writes to the ledger (buildAttemptUpdate); and the failure a
// fresh call settles with (settleCall).
import type { ApplicationFailure } from '@temporalio/activity';
import { describe, expect, it } from 'vitest';
import { buildAttemptUpdate, type AttemptFacts } from '../activities/delivery/build-attempt-update';
import { decideCall, type CallDecisionInput } from '../activities/delivery/decide';
import { settleCall } from '../activities/delivery/delivery-failures';
import type { RetryPolicySpec } from '../src/domain/retry-policy';
import { FAILURE_TYPES } from '../src/workflow-contracts/task-run-input';

const policy: RetryPolicySpec = { strategy: 'exponential', initialIntervalMs: 1000, maxIntervalMs: 10_000, coefficient: 2, maxAttempts: 5, jitterRatio: 0 };
const NOW = Date.parse('2026-12-01T12:00:00.000Z');

const decide = (over: Partial<CallDecisionInput>) =>
  decideCall({ call: { statusCode: 200, latencyMs: 12 }, overrides: undefined, policy, attemptNumber: 1, nowMs: NOW, random: 0.5, ...over });

describe('decideCall', () => {
  it('a 503 on attempt 2 of 5 with Retry-After 30 s under a policy capped at 10 s retries in 10 s', () => {
    const d = decide({ call: { statusCode: 503, responseHeaders: { 'retry-after': '30' }, latencyMs: 5 }, attemptNumber: 2 });
    expect(d).toEqual({
      outcome: { decision: 'retry', reason: 'HTTP 503 is retryable' },
      recorded: { decision: 'retry', reason: 'HTTP 503 is retryable' },
      retryDelayMs: 10_000,
      exhausted: false,
    });
  });

  it('spaces a retry by the policy, jittered by the random draw, without Retry-After', () => {
    expect(decide({ call: { statusCode: 500, latencyMs: 5 }, attemptNumber: 3 }).retryDelayMs).toBe(4000);
    expect(decide({ call: { statusCode: 500, latencyMs: 5 }, attemptNumber: 2, policy: { ...policy, jitterRatio: 0.5 }, random: 1 }).retryDelayMs).toBe(3000);
  });

  it('reads a Retry-After date from the time the call ended', () => {
    const at = new Date(NOW + 7_000).toUTCString();
    expect(decide({ call: { statusCode: 429, responseHeaders: { 'retry-after': at }, latencyMs: 5 } }).retryDelayMs).toBe(7000);
  });

  it('the last attempt allowed turns a retry into a dead letter with the "no attempts left" reason', () => {
    const d = decide({ call: { errorKind: 'timeout', errorMessage: 'slow', latencyMs: 5 }, attemptNumber: 5 });
    expect(d).toEqual({
      outcome: { decision: 'retry', reason: 'timed out' },
      recorded: { decision: 'dead_letter', reason: 'timed out; no attempts left (5)' },
      retryDelayMs: undefined,
      exhausted: true,
    });
  });

  it('a permanent failure is not exhaustion, even on the last attempt; overrides are the endpoint’s', () => {
    const d = decide({ call: { statusCode: 400, latencyMs: 5 }, attemptNumber: 5 });
    expect(d).toMatchObject({ recorded: { decision: 'dead_letter', reason: 'HTTP 400 is not retryable' }, retryDelayMs: undefined, exhausted: false });
    expect(decide({ call: { statusCode: 404, latencyMs: 5 }, overrides: { '404': 'retry' } }).retryDelayMs).toBe(1000);
  });
});

const facts = (over: Partial<AttemptFacts>): AttemptFacts => {
  const call = over.call ?? { statusCode: 200, responseHeaders: { 'x-request-id': 'req-1' }, responseBody: 'ok', latencyMs: 12 };
  return {
    attemptId: 'att_1',
    run: { id: 'run_1', trigger: 'api' },
    endpointId: 'ep_1',
    attemptNumber: 1,
    request: { url: 'https://receiver.example/hook', method: 'POST' },
    call,
    decision: decide({ call, attemptNumber: over.attemptNumber ?? 1 }),
    traceId: 'trace-1',
    startedAt: new Date(NOW - 12),
    endedAt: new Date(NOW),
    ...over,
  };
};

describe('buildAttemptUpdate', () => {
  it('a success: a success row with no error, the run done', () => {
    const write = buildAttemptUpdate(facts({}));
    expect(write.row).toEqual({
      id: 'att_1',
      taskRunId: 'run_1',
      attemptNumber: 1,
      trigger: 'scheduled',
      status: 'success',
      statusCode: 200,
      latencyMs: 12,
      errorKind: null,
      errorMessage: null,
      decision: 'success',
      decisionReason: 'HTTP 200',
      responseHeaders: { 'x-request-id': 'req-1' },
      responseBody: 'ok',
      requestUrl: 'https://receiver.example/hook',
      requestMethod: 'POST',
      destinationResult: null,
      requestId: 'req-1',
      traceId: 'trace-1',
      startedAt: new Date(NOW - 12),
      endedAt: new Date(NOW),
    });
    expect(write.runUpdate).toEqual({ status: 'success', finishedAt: new Date(NOW), nextAttemptAt: null, statusReason: null });
    expect(write.disableEndpoint).toBeUndefined();
  });

  it('a replay run records trigger manual; the URL is kept masked', () => {
    const write = buildAttemptUpdate(facts({ run: { id: 'run_1', trigger: 'replay' }, request: { url: 'https://u:p@receiver.example/hook?token=abc', method: 'PUT' } }));
    expect(write.row.trigger).toBe('manual');
    expect(write.row.requestUrl).toBe('https://********:********@receiver.example/hook?token=********');
  });

  it('a retry: an http error on the row, the run scheduled for the delay', () => {
    const write = buildAttemptUpdate(facts({ call: { statusCode: 503, latencyMs: 5 }, attemptNumber: 2 }));
    expect(write.row).toMatchObject({ status: 'failed', statusCode: 503, errorKind: 'http', errorMessage: 'HTTP 503 is retryable', decision: 'retry', responseBody: null, requestId: null });
    expect(write.runUpdate).toEqual({ status: 'retry_scheduled', nextAttemptAt: new Date(NOW + 2000), statusReason: 'HTTP 503 is retryable' });
  });

  it('the last call failing retryably: a dead-letter row; the run keeps only the reason (the workflow dead-letters it)', () => {
    const write = buildAttemptUpdate(facts({ call: { errorKind: 'network', errorMessage: 'ECONNRESET: reset', latencyMs: 5 }, attemptNumber: 5 }));
    expect(write.row).toMatchObject({ status: 'failed', statusCode: null, errorKind: 'network', errorMessage: 'ECONNRESET: reset', decision: 'dead_letter', decisionReason: 'network error; no attempts left (5)' });
    expect(write.runUpdate).toEqual({ statusReason: 'network error' });
  });

  it('a 410 disables the endpoint in the same write', () => {
    const write = buildAttemptUpdate(facts({ call: { statusCode: 410, latencyMs: 5 } }));
    expect(write.disableEndpoint).toEqual({ endpointId: 'ep_1', reason: 'HTTP 410 Gone: endpoint disabled' });
    expect(write.runUpdate).toEqual({ statusReason: 'HTTP 410 Gone: endpoint disabled' });
  });
});

describe('settleCall', () => {
  const failure = (fn: () => unknown): ApplicationFailure => {
    try {
      fn();
    } catch (err) {
      return err as ApplicationFailure;
    }
    throw new Error('did not throw');
  };

  it('returns a success, throws the failure the workflow acts on otherwise', () => {
    expect(settleCall(decide({}), 1, 200)).toEqual({ attemptNumber: 1, statusCode: 200 });
    const retry = failure(() => settleCall(decide({ call: { statusCode: 503, latencyMs: 5 }, attemptNumber: 2 }), 2, 503));
    expect(retry).toMatchObject({ type: FAILURE_TYPES.retryable, message: 'HTTP 503 is retryable', nextRetryDelay: 2000, details: [{ reason: 'attempts_exhausted' }] });
    const exhausted = failure(() => settleCall(decide({ call: { statusCode: 503, latencyMs: 5 }, attemptNumber: 5 }), 5, 503));
    expect(exhausted).toMatchObject({ type: FAILURE_TYPES.attemptsExhausted, message: 'HTTP 503 is retryable', nonRetryable: true });
    const gone = failure(() => settleCall(decide({ call: { statusCode: 410, latencyMs: 5 } }), 1, 410));
    expect(gone).toMatchObject({ type: FAILURE_TYPES.permanent, nonRetryable: true, details: [{ reason: 'endpoint_gone' }] });
  });
});
