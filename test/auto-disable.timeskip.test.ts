// Auto-disable under Temporal's time-skipping server: an endpoint whose calls have all failed for the
// configured period (5 days here, the default) is disabled; the run waiting on it becomes a dead
// letter with reason `endpoint_disabled`, replayable once the endpoint is resumed. Real workflow,
// real delivery activity, real PostgreSQL and receiver; the days pass in seconds.
import { TestWorkflowEnvironment } from '@temporalio/testing';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { Prisma } from '../src/db/generated/client';
import type { Db } from '../src/db/prisma';
import { newId } from '../src/domain/node/ids';
import type { TaskRunInput } from '../src/workflow-contracts/task-run-input';
import { taskRunWorkflowId } from '../src/domain/workflow-ids';
import { api } from './helpers/api';
import { createEndpoint } from './helpers/endpoints';
import { respondWith, startReceiver, type Receiver } from './helpers/receiver';
import { startTimeSkippingWorker, type TimeSkippingWorker } from './helpers/time-skipping';
import { taskRunOutcome } from './helpers/task-run-outcome';

const TASK_QUEUE = 'timeskip-auto-disable';
const DAY_MS = 24 * 3600 * 1000;

let env: TestWorkflowEnvironment;
let db: Db;
let stack: TimeSkippingWorker;
let receiver: Receiver;
const failedAt: number[] = [];

beforeAll(async () => {
  stack = await startTimeSkippingWorker(TASK_QUEUE, undefined, (e) => ({
    autoDisableAfterMs: 5 * DAY_MS,
    // The test server's clock, read after each failed call: when each call failed, in skipped time.
    now: async () => {
      const t = await e.currentTimeMs();
      failedAt.push(t);
      return t;
    },
  }));
  env = stack.env;
  db = stack.db;
}, 120_000);

afterAll(async () => stack?.stop());
afterEach(async () => receiver?.close());

describe('auto-disable', () => {
  it('after 5 days of nothing but failed calls the endpoint is disabled and its run becomes a replayable dead letter', async () => {
    receiver = await startReceiver(respondWith(503));
    // The breaker off, so every hourly retry is a real call (the circuit is tested on the dev server).
    const endpoint = await createEndpoint({ url: receiver.url, circuitBreaker: null });
    const id = newId('taskRun');
    const workflowId = taskRunWorkflowId(id);
    await db.taskRun.create({
      data: { id, endpointId: endpoint.id, trigger: 'api', payload: { n: 1 } as Prisma.InputJsonValue, webhookId: newId('message'), runAt: new Date(), workflowId },
    });
    // A call every 6 hours for up to 30 days: only auto-disable can end it early.
    const input: TaskRunInput = {
      taskRunId: id,
      endpointId: endpoint.id,
      delayMs: 0,
      retry: { strategy: 'fixed', initialIntervalMs: 6 * 3600_000, maxIntervalMs: 6 * 3600_000, coefficient: 1, maxAttempts: 121 },
      timeoutMs: 5000,
    };
    const outcome = await taskRunOutcome(env.client.workflow.execute('taskRunWorkflow', { taskQueue: TASK_QUEUE, workflowId, args: [input] }));
    const days = (failedAt.at(-1)! - failedAt[0]) / DAY_MS;

    expect(outcome).toBe('dead_letter');
    const ep = (await api('GET', `/v1/endpoints/${endpoint.id}`)).body;
    expect(ep).toMatchObject({ status: 'disabled', statusReason: 'auto-disabled: every call failed for 5 days' });
    // 5 days of calls 6 hours apart: 21 calls, the last one disables it, the next try finds it disabled.
    expect(failedAt).toHaveLength(21);
    expect(days).toBeCloseTo(5, 1);
    const run = await db.taskRun.findUniqueOrThrow({ where: { id } });
    expect(run.attemptCount).toBe(receiver.requests.length);
    expect(receiver.requests.length).toBe(21);
    const deadLetter = await db.deadLetter.findUniqueOrThrow({ where: { taskRunId: id } });
    expect(deadLetter.reason).toBe('endpoint_disabled');

    // Refused while disabled; replayable once it is resumed.
    expect((await api('POST', `/v1/dead-letters/${deadLetter.id}/replay`)).status).toBe(409);
    expect((await api('POST', `/v1/endpoints/${endpoint.id}/resume`)).body.status).toBe('active');
    expect((await api('POST', `/v1/dead-letters/${deadLetter.id}/replay`)).status).toBe(202);
  }, 180_000);
});
