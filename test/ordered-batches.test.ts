// The key sequencer's batch, asked of the ledger as the sequencer asks it (nextOrderedRunsActivity):
// the head and the runs right behind it come at once, and the batch ends before anything the
// sequencer would have waited for one run at a time: a later runAt, an event of the key still fanning
// out, an open dead letter that blocks the key. Cancelled runs are not in it.
import { afterAll, beforeAll, expect, inject, it } from 'vitest';
import { createActivities } from '../activities';
import type { TaskRunStatus } from '../src/db/generated/client';
import { createDb, type Db } from '../src/db/prisma';
import { newId } from '../src/domain/node/ids';
import { QUEUED_REASON } from '../src/domain/node/ordering-key';
import { taskRunWorkflowId } from '../src/domain/workflow-ids';
import { sealedSecretFor, testActivityDeps } from './helpers/activity-deps';

let db: Db;
let endpointId: string;
let nextOrderedRunsActivity: ReturnType<typeof createActivities>['nextOrderedRunsActivity'];
const endpointIds: string[] = [];

beforeAll(async () => {
  db = createDb(inject('databaseUrl'));
  endpointId = await orderedEndpoint('block');
  ({ nextOrderedRunsActivity } = createActivities(testActivityDeps(db, 0)));
});
afterAll(async () => {
  await db.endpoint.updateMany({ where: { id: { in: endpointIds } }, data: { deletedAt: new Date() } });
  await db.$disconnect();
});

async function orderedEndpoint(onDeadLetter: 'block' | 'skip') {
  const id = newId('endpoint');
  endpointIds.push(id);
  await db.endpoint.create({
    data: { id, url: 'http://127.0.0.1:9/hook', secret: sealedSecretFor(id, 'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw'), ordering: 'key', onDeadLetter },
  });
  return id;
}

interface Queued { seq: number; status?: TaskRunStatus; runAt?: Date }

/** Stores a key's runs straight in the ledger, in the given order of sequence numbers; returns their ids by seq. */
async function queue(key: string, runs: Queued[], onEndpoint = endpointId) {
  const ids = new Map<number, string>();
  for (const r of runs) {
    const id = newId('taskRun');
    ids.set(r.seq, id);
    await db.taskRun.create({
      data: {
        id, endpointId: onEndpoint, trigger: 'api', payload: { seq: r.seq }, webhookId: newId('message'), workflowId: taskRunWorkflowId(id),
        runAt: r.runAt ?? new Date(), status: r.status ?? 'pending', statusReason: QUEUED_REASON, orderingKey: key, orderingSeq: r.seq,
      },
    });
  }
  return ids;
}

const key = () => `batch-${newId('message')}`;

async function batchSeqs(k: string, max = 20, onEndpoint = endpointId) {
  const next = await nextOrderedRunsActivity({ endpointId: onEndpoint, orderingKey: k, max });
  if (next.kind !== 'deliver') return next.kind;
  const runs = await db.taskRun.findMany({ where: { id: { in: next.runs.map((r) => r.input.taskRunId) } }, select: { id: true, orderingSeq: true } });
  const seqOf = new Map(runs.map((r) => [r.id, r.orderingSeq]));
  return next.runs.map((r) => seqOf.get(r.input.taskRunId));
}

it('takes the head and the due runs behind it, up to max, skipping cancelled ones; they stop saying they wait', async () => {
  const k = key();
  const ids = await queue(k, [{ seq: 1 }, { seq: 2 }, { seq: 3, status: 'cancelled' }, { seq: 4 }, { seq: 5 }]);
  expect(await batchSeqs(k, 3)).toEqual([1, 2, 4]);
  const reasons = await db.taskRun.findMany({ where: { orderingKey: k, status: 'pending' }, orderBy: { orderingSeq: 'asc' }, select: { statusReason: true } });
  expect(reasons.map((r) => r.statusReason)).toEqual([null, null, null, QUEUED_REASON]);
  expect(await batchSeqs(k)).toEqual([1, 2, 4, 5]);
  expect(ids.size).toBe(5);
});

it('ends before a run accepted for later; that run leads the next batch with its delay, the due runs behind it after it', async () => {
  const k = key();
  const later = new Date(Date.now() + 60_000);
  const ids = await queue(k, [{ seq: 1 }, { seq: 2 }, { seq: 3, runAt: later }, { seq: 4 }]);
  expect(await batchSeqs(k)).toEqual([1, 2]);
  await db.taskRun.updateMany({ where: { id: { in: [ids.get(1)!, ids.get(2)!] } }, data: { status: 'success' } });
  const next = await nextOrderedRunsActivity({ endpointId, orderingKey: k, max: 20 });
  expect(next.kind).toBe('deliver');
  if (next.kind !== 'deliver') return;
  expect(next.runs.map((r) => r.input.taskRunId)).toEqual([ids.get(3), ids.get(4)]);
  expect(next.runs.map((r) => r.input.delayMs)).toEqual([expect.any(Number), 0]);
  expect(next.runs[0].input.delayMs).toBeGreaterThan(50_000);
});

it('ends before a run behind an event of the key that is still fanning out', async () => {
  const k = key();
  await queue(k, [{ seq: 1 }, { seq: 2 }, { seq: 4 }]);
  await db.event.create({ data: { id: newId('event'), type: 'batch.test', payload: {}, payloadHash: 'test', orderingKey: k, orderingSeq: 3 } });
  expect(await batchSeqs(k)).toEqual([1, 2]);
});

it('ends before an open dead letter of the key when the endpoint blocks; goes past it when it skips', async () => {
  const k = key();
  const ids = await queue(k, [{ seq: 1 }, { seq: 2, status: 'dead_letter' }, { seq: 3 }]);
  await db.deadLetter.create({ data: { id: newId('deadLetter'), taskRunId: ids.get(2)!, endpointId, reason: 'test' } });
  expect(await batchSeqs(k)).toEqual([1]);

  const skipping = await orderedEndpoint('skip');
  const s = key();
  const skipIds = await queue(s, [{ seq: 1 }, { seq: 2, status: 'dead_letter' }, { seq: 3 }], skipping);
  await db.deadLetter.create({ data: { id: newId('deadLetter'), taskRunId: skipIds.get(2)!, endpointId: skipping, reason: 'test' } });
  expect(await batchSeqs(s, 20, skipping)).toEqual([1, 3]);
});

it('an empty key is empty; a key whose head is blocked says so', async () => {
  expect(await batchSeqs(key())).toBe('empty');
  const k = key();
  const ids = await queue(k, [{ seq: 1, status: 'dead_letter' }, { seq: 2 }]);
  await db.deadLetter.create({ data: { id: newId('deadLetter'), taskRunId: ids.get(1)!, endpointId, reason: 'test' } });
  expect(await batchSeqs(k)).toBe('blocked');
});
