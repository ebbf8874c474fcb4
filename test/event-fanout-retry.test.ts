// The fanout's page activity as Temporal would retry it (same input, after a crash or timeout): it must
// create no second task run, and return the runs that were stored the first time.
import { afterAll, beforeAll, expect, inject, it } from 'vitest';
import { createActivities } from '../activities';
import { createDb, type Db } from '../src/db/prisma';
import { newId } from '../src/domain/node/ids';
import { sealedSecretFor, testActivityDeps } from './helpers/activity-deps';

let db: Db;
const type = `retry.page${Math.random().toString(36).slice(2, 8)}`;

beforeAll(() => {
  db = createDb(inject('databaseUrl'));
});
afterAll(async () => {
  await db.endpoint.updateMany({ where: { eventTypes: { has: type } }, data: { deletedAt: new Date() } });
  await db.$disconnect();
});

it('a retried page inserts nothing twice and returns the same run ids; the cursor walks every endpoint once', async () => {
  const ids = Array.from({ length: 7 }, () => newId('endpoint')).sort();
  await db.endpoint.createMany({
    data: ids.map((id, i) => ({
      id, url: 'http://127.0.0.1:9/hook', secret: sealedSecretFor(id, 'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw'), eventTypes: [type],
      // Every third endpoint filters the event out.
      eventFilter: i % 3 === 0 ? { amount: { $gt: 100 } } : undefined,
    })),
  });
  const event = await db.event.create({ data: { id: newId('event'), type, payload: { amount: 5 }, payloadHash: 'test' } });
  const { createEventRunsActivity, recordFanoutResultActivity } = createActivities(testActivityDeps(db, 0));

  const first = await createEventRunsActivity({ eventId: event.id, afterEndpointId: null, pageSize: 4 });
  const retried = await createEventRunsActivity({ eventId: event.id, afterEndpointId: null, pageSize: 4 });
  expect(retried.runs.map((r) => r.input.taskRunId).sort()).toEqual(first.runs.map((r) => r.input.taskRunId).sort());
  expect(first.nextCursor).toBe(ids[3]);
  expect(first.runs.map((r) => r.input.endpointId).sort()).toEqual([ids[1], ids[2]]);
  expect(first.runs[0].workflowId).toBe(`task-run/${first.runs[0].input.taskRunId}`);

  const second = await createEventRunsActivity({ eventId: event.id, afterEndpointId: first.nextCursor, pageSize: 4 });
  expect(second.nextCursor).toBeNull();
  expect(second.runs.map((r) => r.input.endpointId).sort()).toEqual([ids[4], ids[5]]);

  expect(await db.taskRun.count({ where: { eventId: event.id } })).toBe(4);
  expect(await recordFanoutResultActivity(event.id)).toBe(4);
  expect(await recordFanoutResultActivity(event.id)).toBe(4);
  expect((await db.event.findUnique({ where: { id: event.id } }))!.matchedEndpointCount).toBe(4);
});
