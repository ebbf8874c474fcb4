// Backoff under Temporal's time-skipping server: the real taskRunWorkflow and the real delivery
// activity (real PostgreSQL, a real receiver), with hours of retry delays skipped in seconds. Each
// attempt records the test server's clock when it starts, so the gaps are the delays Temporal applied.
// (The test server's currentAttemptScheduledTimestamp lags one attempt behind, so it is not used.)
import { Context } from '@temporalio/activity';
import { TestWorkflowEnvironment } from '@temporalio/testing';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { Prisma } from '../src/db/generated/client';
import type { Db } from '../src/db/prisma';
import { newId } from '../src/domain/node/ids';
import type { RetryPolicySpec } from '../src/domain/retry-policy';
import type { TaskRunInput } from '../src/workflow-contracts/task-run-input';
import { taskRunWorkflowId } from '../src/domain/workflow-ids';
import { endpointFor } from './helpers/endpoints';
import { respondWith, startReceiver, type Receiver, type Responder } from './helpers/receiver';
import { startTimeSkippingWorker, type TimeSkippingWorker } from './helpers/time-skipping';
import { taskRunOutcome } from './helpers/task-run-outcome';

const TASK_QUEUE = 'timeskip-backoff';

let env: TestWorkflowEnvironment;
let db: Db;
let stack: TimeSkippingWorker;
let receiver: Receiver;
/** Server time at which each delivery attempt started, by task run id. */
const scheduledAt = new Map<string, number[]>();

beforeAll(async () => {
  stack = await startTimeSkippingWorker(TASK_QUEUE, (activities, env) => ({
    ...activities,
    // Records the test server's clock at each attempt: the delays Temporal really applied.
    async deliverActivity(input: TaskRunInput) {
      const info = Context.current().info;
      const times = scheduledAt.get(input.taskRunId) ?? [];
      times[info.attempt - 1] = await env.currentTimeMs();
      scheduledAt.set(input.taskRunId, times);
      return activities.deliverActivity(input);
    },
  }));
  env = stack.env;
  db = stack.db;
}, 120_000);

afterAll(async () => stack?.stop());
afterEach(async () => receiver?.close());

/** Runs one task run to its end on the time-skipping server; returns its outcome, attempts and delays (s). */
async function deliver(respond: Responder, retry: RetryPolicySpec) {
  receiver = await startReceiver(respond);
  const endpoint = await endpointFor(receiver);
  const id = newId('taskRun');
  const workflowId = taskRunWorkflowId(id);
  await db.taskRun.create({
    data: { id, endpointId: endpoint.id, trigger: 'api', payload: { n: 1 } as Prisma.InputJsonValue, webhookId: newId('message'), runAt: new Date(), workflowId },
  });
  const input: TaskRunInput = { taskRunId: id, endpointId: endpoint.id, delayMs: 0, retry, timeoutMs: 5000 };
  const outcome = await taskRunOutcome(env.client.workflow.execute('taskRunWorkflow', { taskQueue: TASK_QUEUE, workflowId, args: [input] }));
  const times = scheduledAt.get(id) ?? [];
  const gapsMs = times.slice(1).map((t, i) => t - times[i]);
  const run = await db.taskRun.findUniqueOrThrow({ where: { id } });
  const attempts = await db.deliveryAttempt.findMany({ where: { taskRunId: id }, orderBy: { attemptNumber: 'asc' } });
  return { outcome, gapsMs, run, attempts, endpointId: endpoint.id };
}

/**
 * Gap between attempt starts = the delay Temporal waited plus the previous call's own few real
 * milliseconds (measured: 14-117 ms). So each gap is at least the delay and at most 2 s more (slack for a loaded machine).
 */
function expectDelaysSeconds(gapsMs: number[], expected: number[]) {
  expect(gapsMs).toHaveLength(expected.length);
  gapsMs.forEach((gap, i) => {
    expect(gap, `delay before attempt ${i + 2}`).toBeGreaterThanOrEqual(expected[i] * 1000);
    expect(gap, `delay before attempt ${i + 2}`).toBeLessThan(expected[i] * 1000 + 2000);
  });
}

const policy = (p: Partial<RetryPolicySpec>): RetryPolicySpec => ({
  strategy: 'exponential', initialIntervalMs: 1000, maxIntervalMs: 3_600_000, coefficient: 2, maxAttempts: 5, jitterRatio: 0, ...p,
});

describe('retry delays under time skipping', () => {
  it('fixed waits the same each time; after maxAttempts the run is a dead letter with every attempt recorded', async () => {
    const r = await deliver(respondWith(503), policy({ strategy: 'fixed', initialIntervalMs: 30_000, maxIntervalMs: 30_000, maxAttempts: 4 }));
    expectDelaysSeconds(r.gapsMs, [30, 30, 30]);
    expect(r.outcome).toBe('dead_letter');
    expect(r.run).toMatchObject({ status: 'dead_letter', attemptCount: 4 });
    expect(r.attempts.map((a) => [a.attemptNumber, a.statusCode, a.status, a.decision])).toEqual([
      [1, 503, 'failed', 'retry'],
      [2, 503, 'failed', 'retry'],
      [3, 503, 'failed', 'retry'],
      [4, 503, 'failed', 'dead_letter'],
    ]);
    expect(r.attempts[3].decisionReason).toContain('no attempts left (4)');
    expect(receiver.requests).toHaveLength(4);
    const deadLetter = await db.deadLetter.findUniqueOrThrow({ where: { taskRunId: r.run.id } });
    expect(deadLetter).toMatchObject({ status: 'open', reason: 'attempts_exhausted', endpointId: r.endpointId });
  });

  it('linear grows by the initial interval, capped', async () => {
    const r = await deliver(respondWith(500), policy({ strategy: 'linear', initialIntervalMs: 10_000, maxIntervalMs: 25_000, maxAttempts: 5 }));
    expectDelaysSeconds(r.gapsMs, [10, 20, 25, 25]);
    expect(r.outcome).toBe('dead_letter');
    expect(r.attempts).toHaveLength(5);
  });

  it('exponential multiplies by the coefficient, capped at the maximum interval', async () => {
    const r = await deliver(respondWith(502), policy({ strategy: 'exponential', initialIntervalMs: 10_000, coefficient: 3, maxIntervalMs: 60_000, maxAttempts: 5 }));
    expectDelaysSeconds(r.gapsMs, [10, 30, 60, 60]);
    expect(r.attempts).toHaveLength(5);
  });

  it('a 429 with Retry-After waits what the receiver asked, capped by the policy, then succeeds', async () => {
    const answers: Array<[number, Record<string, string>]> = [
      [429, { 'retry-after': '120' }],
      [429, { 'retry-after': '99999' }], // capped at maxIntervalMs (10 min)
      [200, {}],
    ];
    const respond: Responder = (_req, i, res) => {
      const [status, headers] = answers[Math.min(i, answers.length - 1)];
      res.writeHead(status, headers).end();
    };
    const r = await deliver(respond, policy({ strategy: 'exponential', initialIntervalMs: 1000, maxIntervalMs: 600_000, maxAttempts: 5 }));
    expectDelaysSeconds(r.gapsMs, [120, 600]);
    expect(r.outcome).toBe('success');
    expect(r.attempts.map((a) => [a.statusCode, a.decision])).toEqual([[429, 'retry'], [429, 'retry'], [200, 'success']]);
    expect(receiver.requests.every((q) => q.signatureValid)).toBe(true);
  });
});
