// Each retention rule on a clock that can be moved: the purge activity is called with a given "now" on
// a database of this file's own (other test files' rows are not touched).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createPurgeActivities } from '../activities/retention/purge.activity';
import { newId } from '../src/domain/node/ids';
import { DEFAULT_RETENTION, type RetentionSettings } from '../src/domain/retention';
import type { PurgeRemoved } from '../src/domain/purge-progress';
import { registry } from '../src/metrics/metrics';
import { testActivityDeps } from './helpers/activity-deps';
import { createPrivateDatabase, type PrivateDatabase } from './helpers/private-database';

const DAY = 86_400_000;
const T0 = Date.parse('2026-01-01T00:00:00.000Z');
let pdb: PrivateDatabase;

beforeAll(async () => {
  pdb = await createPrivateDatabase('retention_purge');
});
afterAll(async () => {
  await pdb?.drop();
});

/** Runs the purge at `nowMs` until it says nothing more is due; returns what it removed. */
async function purgeAt(nowMs: number, retention: RetentionSettings = DEFAULT_RETENTION, batch = 50): Promise<PurgeRemoved> {
  const { purgeExpiredActivity } = createPurgeActivities({ ...testActivityDeps(pdb.db), retention, purgeBatchSize: batch });
  let cursor;
  const total: Record<string, number> = {};
  for (let i = 0; i < 1000; i++) {
    const p = await purgeExpiredActivity({ nowMs, cursor });
    for (const [k, v] of Object.entries(p.removed)) total[k] = (total[k] ?? 0) + v;
    if (p.done) return total as PurgeRemoved;
    cursor = p.cursor;
  }
  throw new Error('purge never finished');
}

async function endpoint(payloadRetentionDays: number | null = null) {
  const id = newId('endpoint');
  await pdb.db.endpoint.create({ data: { id, url: 'https://example.com/hook', secret: 'sealed', payloadRetentionDays } });
  return id;
}

interface RunSeed {
  status?: 'success' | 'dead_letter' | 'cancelled' | 'failed' | 'pending' | 'retry_scheduled';
  finishedAt?: number | null;
  eventId?: string;
}

/** A run with one attempt that kept a response body. */
async function run(endpointId: string, seed: RunSeed = {}) {
  const id = newId('taskRun', T0);
  const status = seed.status ?? 'success';
  const finishedAt = seed.finishedAt === undefined ? T0 : seed.finishedAt;
  await pdb.db.taskRun.create({
    data: {
      id, endpointId, trigger: seed.eventId ? 'event' : 'api', eventId: seed.eventId, payload: { card: '4242', name: 'Ada' },
      webhookId: newId('message'), status, runAt: new Date(T0), workflowId: `task-run/${id}`,
      createdAt: new Date(T0), finishedAt: finishedAt === null ? null : new Date(finishedAt),
    },
  });
  await pdb.db.deliveryAttempt.create({
    data: {
      id: newId('attempt'), taskRunId: id, attemptNumber: 1, status: status === 'success' ? 'success' : 'failed', statusCode: 200,
      latencyMs: 5, decision: 'success', decisionReason: '2xx', responseBody: '{"ok":true,"email":"ada@example.com"}',
      requestUrl: 'https://example.com/hook', requestMethod: 'POST', traceId: 'a'.repeat(32), startedAt: new Date(T0), endedAt: new Date(T0),
    },
  });
  return id;
}

async function deadLetter(taskRunId: string, endpointId: string, resolvedAt: number | null) {
  const id = newId('deadLetter', T0);
  await pdb.db.deadLetter.create({
    data: {
      id, taskRunId, endpointId, reason: 'attempts_exhausted', createdAt: new Date(T0),
      status: resolvedAt === null ? 'open' : 'discarded', resolvedAt: resolvedAt === null ? null : new Date(resolvedAt),
    },
  });
  return id;
}

const runRow = (id: string) => pdb.db.taskRun.findUnique({ where: { id }, include: { attempts: true, deadLetter: true } });

describe('retention purge, on a moved clock', () => {
  it('removes payloads and response bodies of finished runs after the payload period, each endpoint by its own override', async () => {
    const byDefault = await endpoint();
    const short = await endpoint(7);
    const long = await endpoint(365);
    const [a, b, c] = [await run(byDefault), await run(short), await run(long)];
    const pending = await run(byDefault, { status: 'pending', finishedAt: null });

    await purgeAt(T0 + 6 * DAY);
    expect((await runRow(b))!.payloadPurgedAt).toBeNull();

    await purgeAt(T0 + 8 * DAY);
    const purgedB = (await runRow(b))!;
    expect(purgedB.payloadPurgedAt?.toISOString()).toBe(new Date(T0 + 8 * DAY).toISOString());
    expect(purgedB.payload).toBeNull(); // JSON null, never an empty payload
    expect(purgedB.attempts[0].responseBody).toBeNull();
    expect(purgedB.attempts[0].responseBodyPurgedAt).not.toBeNull();
    expect(purgedB.attempts[0].statusCode).toBe(200); // metadata stays
    expect((await runRow(a))!.payload).toEqual({ card: '4242', name: 'Ada' });

    await purgeAt(T0 + 31 * DAY);
    expect((await runRow(a))!.payloadPurgedAt).not.toBeNull();
    expect((await runRow(c))!.payloadPurgedAt).toBeNull();
    expect((await runRow(pending))!.payload).toEqual({ card: '4242', name: 'Ada' }); // not finished: kept

    await purgeAt(T0 + 366 * DAY);
    expect((await runRow(pending))!.payloadPurgedAt).toBeNull();
  });

  it('deletes finished runs with their attempts after the run period; dead-lettered runs follow their dead letter', async () => {
    const ep = await endpoint();
    const done = await run(ep, { status: 'success' });
    const cancelled = await run(ep, { status: 'cancelled' });
    const openDl = await run(ep, { status: 'dead_letter' });
    await deadLetter(openDl, ep, null);
    const resolvedDl = await run(ep, { status: 'dead_letter' });
    await deadLetter(resolvedDl, ep, T0 + 70 * DAY);

    const early = await purgeAt(T0 + 89 * DAY);
    expect(early.runs).toBe(0);
    expect(await runRow(done)).not.toBeNull();

    await purgeAt(T0 + 91 * DAY);
    expect(await runRow(done)).toBeNull();
    expect(await runRow(cancelled)).toBeNull();
    expect(await pdb.db.deliveryAttempt.count({ where: { taskRunId: { in: [done, cancelled] } } })).toBe(0);
    expect((await runRow(resolvedDl))!.deadLetter?.status).toBe('discarded'); // resolved 21 days ago: kept for 30

    const later = await purgeAt(T0 + 101 * DAY);
    expect(later.deadLetters).toBeGreaterThanOrEqual(1);
    expect(await runRow(resolvedDl)).toBeNull();
    expect(await pdb.db.deadLetter.count({ where: { taskRunId: resolvedDl } })).toBe(0);

    await purgeAt(T0 + 3000 * DAY);
    const stillOpen = (await runRow(openDl))!;
    expect(stillOpen.deadLetter?.status).toBe('open'); // open dead letters are kept, however old
    expect(stillOpen.payloadPurgedAt).not.toBeNull(); // but their payload follows the payload period
  });

  it('purges event payloads, releases idempotency keys and deletes events, each after its own period', async () => {
    const ep = await endpoint();
    const eventId = newId('event', T0);
    await pdb.db.event.create({
      data: { id: eventId, type: 'invoice.paid', payload: { invoice: 'inv_1' }, payloadHash: 'h', idempotencyKey: `key-${eventId}`, createdAt: new Date(T0) },
    });
    const fresh = newId('event', T0 + 30 * DAY);
    await pdb.db.event.create({
      data: { id: fresh, type: 'invoice.paid', payload: { invoice: 'inv_2' }, payloadHash: 'h', idempotencyKey: `key-${fresh}`, createdAt: new Date(T0 + 30 * DAY) },
    });
    const runOfEvent = await run(ep, { eventId, status: 'pending', finishedAt: null });

    await purgeAt(T0 + 23 * 3_600_000);
    expect((await pdb.db.event.findUnique({ where: { id: eventId } }))!.idempotencyKey).not.toBeNull();
    await purgeAt(T0 + 25 * 3_600_000);
    expect((await pdb.db.event.findUnique({ where: { id: eventId } }))!.idempotencyKey).toBeNull();
    expect((await pdb.db.event.findUnique({ where: { id: fresh } }))!.idempotencyKey).not.toBeNull();

    await purgeAt(T0 + 31 * DAY);
    const old = (await pdb.db.event.findUnique({ where: { id: eventId } }))!;
    expect(old.payload).toBeNull();
    expect(old.payloadPurgedAt).not.toBeNull();
    expect((await pdb.db.event.findUnique({ where: { id: fresh } }))!.payloadPurgedAt).toBeNull();

    await purgeAt(T0 + 91 * DAY);
    expect(await pdb.db.event.findUnique({ where: { id: eventId } })).toBeNull();
    expect(await pdb.db.event.findUnique({ where: { id: fresh } })).not.toBeNull();
    expect((await runRow(runOfEvent))!.eventId).toBeNull(); // the run stays, unlinked
  });

  it('is safe on several workers at once: concurrent purges remove each row once, in small batches', async () => {
    const ep = await endpoint(2);
    const ids: string[] = [];
    for (let i = 0; i < 600; i += 100) {
      const batch = Array.from({ length: 100 }, () => newId('taskRun', T0));
      await pdb.db.taskRun.createMany({
        data: batch.map((id) => ({
          id, endpointId: ep, trigger: 'api' as const, payload: { n: 1 }, webhookId: newId('message'), status: 'success' as const,
          runAt: new Date(T0), workflowId: `task-run/${id}`, finishedAt: new Date(T0),
        })),
      });
      ids.push(...batch);
    }
    const results = await Promise.all([purgeAt(T0 + 3 * DAY, DEFAULT_RETENTION, 40), purgeAt(T0 + 3 * DAY, DEFAULT_RETENTION, 40), purgeAt(T0 + 3 * DAY, DEFAULT_RETENTION, 40)]);
    expect(results.reduce((n, r) => n + r.payloads, 0)).toBe(600);
    expect(await pdb.db.taskRun.count({ where: { id: { in: ids }, payloadPurgedAt: null } })).toBe(0);
  });

  it('stops when its time is up and goes on from its cursor; rows removed are metrics', async () => {
    const ep = await endpoint(1);
    for (let i = 0; i < 5; i++) await run(ep);
    const { purgeExpiredActivity } = createPurgeActivities({ ...testActivityDeps(pdb.db), purgeBatchSize: 2 });
    const first = await purgeExpiredActivity({ nowMs: T0 + 2 * DAY, budgetMs: 0 });
    expect(first.done).toBe(false);
    let p = first;
    let payloads = 0;
    while (!p.done) {
      p = await purgeExpiredActivity({ nowMs: T0 + 2 * DAY, cursor: p.cursor, budgetMs: 5 });
      payloads += p.removed.payloads;
    }
    expect(payloads).toBe(5);
    const text = await registry.metrics();
    expect(text).toMatch(/edgecron_retention_rows_removed_total\{kind="payloads"\} \d+/);
    expect(text).toMatch(/edgecron_retention_purge_batches_total\{rule="payloads"\} \d+/);
    expect(text).toMatch(/edgecron_retention_purge_last_completed_seconds \d/);
  });
});
