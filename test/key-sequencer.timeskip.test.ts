// The key sequencer under Temporal's time-skipping server, with the real workflows and activities (real
// PostgreSQL, a real receiver): it continues as new to bound its history without losing its place, and
// because the ledger is its queue, a dead letter resolved without any signal still frees the key at
// the next re-check.
import { TestWorkflowEnvironment } from '@temporalio/testing';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { Prisma } from '../src/db/generated/client';
import type { Db } from '../src/db/prisma';
import { newId } from '../src/domain/node/ids';
import type { KeySequencerInput } from '../src/workflow-contracts/key-sequencer-input';
import { sequencerWorkflowIdFor } from '../src/domain/node/ordering-key';
import { taskRunWorkflowId } from '../src/domain/workflow-ids';
import { waitFor } from './helpers/api';
import { fastPolicy } from './helpers/dead-letters';
import { endpointFor } from './helpers/endpoints';
import { firstSuccessOrderByKey, flakyResponder, type FlakyReceiverLog } from './helpers/ordering';
import { startReceiver, type Receiver } from './helpers/receiver';
import { startTimeSkippingWorker, type TimeSkippingWorker } from './helpers/time-skipping';

const TASK_QUEUE = 'timeskip-sequencer';

let env: TestWorkflowEnvironment;
let db: Db;
let stack: TimeSkippingWorker;
let receiver: Receiver;

beforeAll(async () => {
  stack = await startTimeSkippingWorker(TASK_QUEUE);
  env = stack.env;
  db = stack.db;
}, 120_000);

afterAll(async () => stack?.stop());
afterEach(async () => receiver?.close());

/** Stores ordered runs straight in the ledger (no API, so no signal and no other sequencer sees them). */
async function queueRuns(endpointId: string, key: string, ns: number[]) {
  const ids: string[] = [];
  for (const [i, n] of ns.entries()) {
    const id = newId('taskRun');
    ids.push(id);
    await db.taskRun.create({
      data: {
        id, endpointId, trigger: 'api', payload: { key, n } as Prisma.InputJsonValue, webhookId: newId('message'),
        runAt: new Date(), workflowId: taskRunWorkflowId(id), orderingKey: key, orderingSeq: i + 1,
      },
    });
  }
  return ids;
}

function startSequencer(input: KeySequencerInput) {
  return env.client.workflow.start('keySequencerWorkflow', {
    taskQueue: TASK_QUEUE,
    workflowId: sequencerWorkflowIdFor(input.endpointId, input.orderingKey),
    args: [input],
  });
}

describe('key sequencer (time-skipping)', () => {
  it('continues as new every few steps and still delivers every run once, in order', async () => {
    const log: FlakyReceiverLog = { successes: [], failedFirstTries: 0 };
    receiver = await startReceiver(flakyResponder(log, { maxDelayMs: 10, failOneIn: 3 }));
    const endpoint = await endpointFor(receiver, { ordering: 'key', retryPolicyId: (await fastPolicy(5)).id });
    const key = `inv-${newId('message')}`;
    await queueRuns(endpoint.id, key, [1, 2, 3, 4, 5, 6, 7]);

    const handle = await startSequencer({ endpointId: endpoint.id, orderingKey: key, maxStepsPerRun: 3 });
    expect(await handle.result()).toEqual({ delivered: 7 });
    expect(firstSuccessOrderByKey(log.successes).get(key)).toEqual([1, 2, 3, 4, 5, 6, 7]);
    expect(log.successes).toHaveLength(7);
    const first = await env.client.workflow.getHandle(handle.workflowId, handle.firstExecutionRunId).describe();
    expect(first.status.name).toBe('CONTINUED_AS_NEW');
  }, 60_000);

  it('a blocking dead letter resolved in the ledger with no signal frees the key at the next re-check', async () => {
    const log: FlakyReceiverLog = { successes: [], failedFirstTries: 0 };
    const alwaysFail = new Set([2]);
    receiver = await startReceiver(flakyResponder(log, { maxDelayMs: 10, failOneIn: 1000, alwaysFail }));
    const endpoint = await endpointFor(receiver, { ordering: 'key', retryPolicyId: (await fastPolicy(1)).id });
    const key = `inv-${newId('message')}`;
    const ids = await queueRuns(endpoint.id, key, [1, 2, 3]);

    const handle = await startSequencer({ endpointId: endpoint.id, orderingKey: key });
    const result = handle.result(); // awaiting the result lets the test server skip the re-check timers
    const dl = await waitFor(() => db.deadLetter.findUnique({ where: { taskRunId: ids[1] } }), (d) => d !== null, 30_000);
    const waiting = await waitFor(() => db.taskRun.findUnique({ where: { id: ids[2] } }), (r) => !!r?.statusReason?.includes(dl!.id));
    expect(waiting!.status).toBe('pending');
    await db.deadLetter.update({ where: { id: dl!.id }, data: { status: 'discarded', resolvedAt: new Date() } });

    expect(await result).toEqual({ delivered: 3 });
    expect(firstSuccessOrderByKey(log.successes).get(key)).toEqual([1, 3]);
  }, 60_000);
});
