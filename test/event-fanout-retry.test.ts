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

it('the tree’s plan cuts the endpoints after the first page into ranges of a page each; the ranges’ pages cover every matching endpoint once', async () => {
  const planType = `${type}.plan`;
  const ids = Array.from({ length: 9 }, () => newId('endpoint')).sort();
  await db.endpoint.createMany({
    data: ids.map((id, i) => ({
      id, url: 'http://127.0.0.1:9/hook', secret: sealedSecretFor(id, 'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw'), eventTypes: [planType],
      eventFilter: i === 4 ? { amount: { $gt: 100 } } : undefined,
    })),
  });
  const { createEventRunsActivity } = createActivities(testActivityDeps(db, 0));
  const publishOne = () => db.event.create({ data: { id: newId('event'), type: planType, payload: { amount: 5 }, payloadHash: 'test' } });

  // 9 endpoints, pages of 2: the first page, then (1,3], (3,5], (5,7], and (7,…) left open for late endpoints.
  const event = await publishOne();
  const first = await createEventRunsActivity({ eventId: event.id, afterEndpointId: null, pageSize: 2, planRest: true });
  expect(first.runs.map((r) => r.input.endpointId)).toEqual([ids[0], ids[1]]);
  expect(first.rest).toEqual([
    { afterEndpointId: ids[1], upToEndpointId: ids[3] },
    { afterEndpointId: ids[3], upToEndpointId: ids[5] },
    { afterEndpointId: ids[5], upToEndpointId: ids[7] },
    { afterEndpointId: ids[7], upToEndpointId: null },
  ]);
  const pages = await Promise.all(first.rest!.map((r) => createEventRunsActivity({ eventId: event.id, ...r, pageSize: 2 })));
  expect(pages.map((p) => p.runs.map((r) => r.input.endpointId).sort())).toEqual([
    [ids[2], ids[3]], [ids[5]], [ids[6], ids[7]], [ids[8]], // ids[4] filters the event out
  ]);
  expect(pages.every((p) => p.nextCursor === null)).toBe(true);
  expect(await db.taskRun.count({ where: { eventId: event.id } })).toBe(8);

  // Exactly a page after the first: no empty range at the end. Within a range, a full page still pages on.
  await db.endpoint.update({ where: { id: ids[8] }, data: { deletedAt: new Date() } });
  const even = await createEventRunsActivity({ eventId: (await publishOne()).id, afterEndpointId: null, pageSize: 2, planRest: true });
  expect(even.rest).toEqual([
    { afterEndpointId: ids[1], upToEndpointId: ids[3] },
    { afterEndpointId: ids[3], upToEndpointId: ids[5] },
    { afterEndpointId: ids[5], upToEndpointId: null },
  ]);
  const wide = await createEventRunsActivity({ eventId: event.id, afterEndpointId: ids[1], upToEndpointId: ids[7], pageSize: 2 });
  expect(wide.nextCursor).toBe(ids[3]);
  // All of it on one page: nothing left to plan.
  const single = await createEventRunsActivity({ eventId: (await publishOne()).id, afterEndpointId: null, pageSize: 20, planRest: true });
  expect(single).toMatchObject({ nextCursor: null, rest: [] });
  expect(single.runs).toHaveLength(7);
});
