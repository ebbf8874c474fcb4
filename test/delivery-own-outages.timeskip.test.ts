// Attempts are calls to the receiver, nothing else: the real taskRunWorkflow and delivery activity on
// the time-skipping server, with a database that refuses connections for a moment (the first queries
// go to a real PostgreSQL client pointed at a closed port), and with runs whose last call was
// recorded by an attempt whose end Temporal never heard of.
import { TestWorkflowEnvironment } from '@temporalio/testing';
import { afterAll, afterEach, beforeAll, describe, expect, inject, it } from 'vitest';
import { createActivities } from '../activities';
import type { Prisma } from '../src/db/generated/client';
import { createDb, type Db } from '../src/db/prisma';
import { newId } from '../src/domain/node/ids';
import type { RetryPolicySpec } from '../src/domain/retry-policy';
import type { TaskRunInput } from '../src/workflow-contracts/task-run-input';
import { taskRunWorkflowId } from '../src/domain/workflow-ids';
import { testActivityDeps } from './helpers/activity-deps';
import { endpointFor } from './helpers/endpoints';
import { respondInSequence, respondWith, startReceiver, type Receiver, type Responder } from './helpers/receiver';
import { startTimeSkippingWorker, type TimeSkippingWorker } from './helpers/time-skipping';
import { taskRunOutcome } from './helpers/task-run-outcome';

const TASK_QUEUE = 'timeskip-own-outages';
const RETRY: RetryPolicySpec = { strategy: 'fixed', initialIntervalMs: 1000, maxIntervalMs: 1000, coefficient: 1, maxAttempts: 3, jitterRatio: 0 };

let env: TestWorkflowEnvironment;
let db: Db;
let stack: TimeSkippingWorker;
let receiver: Receiver;
/** Nothing listens on port 1: every query through this client fails the way an unreachable database does. */
const unreachable = createDb('postgresql://edgecron:x@127.0.0.1:1/edgecron', { connectTimeoutMs: 500 });
/** How many of the next claims (run updates) and ledger writes (transactions) find the database away. */
const outage = { claims: 0, writes: 0 };
const refuse = () => unreachable.$queryRaw`SELECT 1`;

/** The worker's Prisma client, except that queries hit the unreachable database while `outage` says so. */
function flaky(real: Db): Db {
  const taskRun = new Proxy(real.taskRun, {
    get: (target, prop, receiver) =>
      prop === 'updateManyAndReturn'
        ? async (args: any) => (outage.claims-- > 0 ? refuse() : target.updateManyAndReturn(args))
        : Reflect.get(target, prop, receiver),
  });
  return new Proxy(real, {
    get: (target, prop, receiver) => {
      if (prop === 'taskRun') return taskRun;
      if (prop === '$transaction') return async (ops: any) => (outage.writes-- > 0 ? refuse() : target.$transaction(ops));
      return Reflect.get(target, prop, receiver);
    },
  });
}

beforeAll(async () => {
  db = createDb(inject('databaseUrl'), { poolSize: 5 });
  stack = await startTimeSkippingWorker(TASK_QUEUE, () => createActivities(testActivityDeps(flaky(db), 1024)));
  env = stack.env;
}, 120_000);

afterAll(async () => {
  await stack?.stop();
  await db?.$disconnect();
  await unreachable.$disconnect();
});
afterEach(async () => {
  outage.claims = 0;
  outage.writes = 0;
  await receiver?.close();
});

/** A run in the ledger (optionally with calls already recorded) and its workflow, run to its end. */
async function runToEnd(respond: Responder, seed?: (runId: string) => Promise<void>) {
  receiver = await startReceiver(respond);
  const endpoint = await endpointFor(receiver);
  const id = newId('taskRun');
  const workflowId = taskRunWorkflowId(id);
  await db.taskRun.create({
    data: { id, endpointId: endpoint.id, trigger: 'api', payload: { n: 1 } as Prisma.InputJsonValue, webhookId: newId('message'), runAt: new Date(), workflowId },
  });
  await seed?.(id);
  const input: TaskRunInput = { taskRunId: id, endpointId: endpoint.id, delayMs: 0, retry: RETRY, timeoutMs: 5000 };
  const outcome = await taskRunOutcome(env.client.workflow.execute('taskRunWorkflow', { taskQueue: TASK_QUEUE, workflowId, args: [input] }));
  const run = await db.taskRun.findUniqueOrThrow({ where: { id } });
  const attempts = await db.deliveryAttempt.findMany({ where: { taskRunId: id }, orderBy: { attemptNumber: 'asc' } });
  const deadLetter = await db.deadLetter.findUnique({ where: { taskRunId: id } });
  return { outcome, run, attempts, deadLetter };
}

/** Records a call as an earlier activity attempt did, leaving the run as that attempt left it. */
function recordedCall(attemptNumber: number, statusCode: number, decision: string, decisionReason: string, runStatus: 'running' | 'success') {
  return async (taskRunId: string) => {
    const now = new Date();
    await db.deliveryAttempt.create({
      data: {
        id: newId('attempt'), taskRunId, attemptNumber, status: decision === 'success' ? 'success' : 'failed', statusCode, latencyMs: 5,
        decision, decisionReason, requestUrl: receiver.url, requestMethod: 'POST', traceId: '0'.repeat(32), startedAt: now, endedAt: now,
      },
    });
    await db.taskRun.update({ where: { id: taskRunId }, data: { status: runStatus, attemptCount: attemptNumber } });
  };
}

describe('our own outages spend no attempt', () => {
  it('the database away while the result is written: the call is recorded once, as attempt 1, and not made again', async () => {
    outage.writes = 3;
    const r = await runToEnd(respondWith(200));
    expect(r.outcome).toBe('success');
    expect(receiver.requests).toHaveLength(1);
    expect(r.run).toMatchObject({ status: 'success', attemptCount: 1 });
    expect(r.attempts.map((a) => [a.attemptNumber, a.statusCode, a.decision])).toEqual([[1, 200, 'success']]);
  });

  it('the database away at the claim of a retry: the retry is still call 2 of 3 and succeeds', async () => {
    const respond = respondInSequence(500, 200);
    // The first claim and write go through; the retry's claim finds the database away three times.
    const wrapped: Responder = (req, i, res) => {
      if (i === 0) outage.claims = 3;
      respond(req, i, res);
    };
    const r = await runToEnd(wrapped);
    expect(receiver.requests).toHaveLength(2);
    expect(r.outcome).toBe('success');
    expect(r.attempts.map((a) => [a.attemptNumber, a.statusCode, a.decision])).toEqual([[1, 500, 'retry'], [2, 200, 'success']]);
    expect(r.run.attemptCount).toBe(2);
  });
});

describe('a call recorded by an attempt Temporal never heard back from', () => {
  it('a run already recorded as success ends success without calling again', async () => {
    const r = await runToEnd(respondWith(200), recordedCall(1, 204, 'success', 'HTTP 204', 'success'));
    expect(r.outcome).toBe('success');
    expect(receiver.requests).toHaveLength(0);
    expect(r.attempts).toHaveLength(1);
  });

  it('a run whose last call was a permanent failure becomes a dead letter without a new call', async () => {
    const r = await runToEnd(respondWith(200), recordedCall(1, 404, 'dead_letter', 'HTTP 404 is not retryable', 'running'));
    expect(r.outcome).toBe('dead_letter');
    expect(receiver.requests).toHaveLength(0);
    expect(r.deadLetter).toMatchObject({ reason: 'permanent_failure', detail: 'HTTP 404 is not retryable' });
  });

  it('a run with every call of its policy recorded becomes a dead letter (attempts_exhausted) without a new call', async () => {
    const r = await runToEnd(respondWith(200), recordedCall(3, 503, 'dead_letter', 'HTTP 503 is retryable; no attempts left (3)', 'running'));
    expect(r.outcome).toBe('dead_letter');
    expect(receiver.requests).toHaveLength(0);
    expect(r.deadLetter).toMatchObject({ reason: 'attempts_exhausted', detail: 'HTTP 503 is retryable' });
    expect(r.run).toMatchObject({ status: 'dead_letter', attemptCount: 3 });
  });
});
