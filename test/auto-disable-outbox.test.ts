// "Update, then tell" is atomic for auto-disable: the disable, its `edgecron.endpoint.disabled` event
// (with its fanout's start) and the pause of the endpoint's schedules in Temporal are written in one
// transaction, through the outbox. If any of it cannot be written, none of it is: the endpoint stays
// enabled and is disabled, with everything, by its next failed call. The activity code runs here against
// the stack's real database, on a task queue no dispatcher serves, so the outbox rows stay to be read.
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { trackFailingSince } from '../activities/flow/auto-disable';
import { createDb, type Db } from '../src/db/prisma';
import { ENDPOINT_DISABLED_EVENT_TYPE } from '../src/domain/circuit';
import { api } from './helpers/api';
import { testActivityDeps } from './helpers/activity-deps';
import { createEndpoint } from './helpers/endpoints';
import { createTenant } from './helpers/tenants';

const PERIOD_MS = 60_000;
const undispatched = `auto-disable-outbox-${process.pid}`;
let db: Db;

beforeAll(() => {
  db = createDb(inject('databaseUrl'));
});

afterAll(async () => {
  await db.$executeRaw`DELETE FROM "PendingStart" WHERE "taskQueue" = ${undispatched}`;
  await db.$disconnect();
});

/** An endpoint of a tenant with two schedules (one the user paused), failing since well before the period. */
async function failingEndpointWithSchedules() {
  const tenant = await createTenant();
  const endpoint = await createEndpoint({ url: 'http://127.0.0.1:9/down', tenantId: tenant.id });
  const schedule = async (body: Record<string, unknown>) => (await api('POST', '/v1/schedules', { endpointId: endpoint.id, cron: '0 0 1 1 *', payload: {}, ...body })).body.id as string;
  const ids = [await schedule({}), await schedule({})];
  await api('POST', `/v1/schedules/${ids[1]}/pause`, { note: 'held by me' });
  await db.endpoint.update({ where: { id: endpoint.id }, data: { failingSince: new Date(Date.now() - 2 * PERIOD_MS) } });
  return { endpointId: endpoint.id, tenantId: tenant.id, scheduleIds: ids };
}

const depsOn = (taskQueue: string) => ({ ...testActivityDeps(db), autoDisableAfterMs: PERIOD_MS, handoff: { ...testActivityDeps(db).handoff, taskQueue } });

describe('auto-disable through the outbox', () => {
  it('commits the disable, its event with the fanout start, and the schedules hold together', async () => {
    const e = await failingEndpointWithSchedules();
    await trackFailingSince(depsOn(undispatched), e.endpointId);

    expect(await db.endpoint.findUnique({ where: { id: e.endpointId }, select: { status: true } })).toEqual({ status: 'disabled' });
    const events = await db.event.findMany({ where: { type: ENDPOINT_DISABLED_EVENT_TYPE, tenantId: e.tenantId } });
    expect(events.map((x) => (x.payload as { endpointId: string }).endpointId)).toEqual([e.endpointId]);
    const outbox = await db.pendingStart.findMany({ where: { taskQueue: undispatched }, orderBy: { key: 'asc' } });
    const byKind = Object.fromEntries(outbox.filter((r) => r.key.includes(e.endpointId) || r.key.includes(events[0].id)).map((r) => [r.kind, r.request]));
    expect(byKind.event_fanout).toMatchObject({ eventId: events[0].id, eventType: ENDPOINT_DISABLED_EVENT_TYPE, tenantId: e.tenantId });
    // Each schedule keeps its own note: the user's pause stays theirs.
    expect(byKind.schedules_hold).toMatchObject({
      endpointId: e.endpointId,
      schedules: [{ id: e.scheduleIds[0], note: `endpoint ${e.endpointId} is disabled` }, { id: e.scheduleIds[1], note: 'held by me' }],
    });

    // Another failed call (a retry of the activity) changes nothing and announces nothing twice.
    await trackFailingSince(depsOn(undispatched), e.endpointId);
    expect(await db.event.count({ where: { type: ENDPOINT_DISABLED_EVENT_TYPE, tenantId: e.tenantId } })).toBe(1);
  });

  it('writes none of them when the outbox cannot be written, and all of them at the next failure', async () => {
    const e = await failingEndpointWithSchedules();
    // An outbox insert that fails (no task queue) stands for a crash between the update and the tell.
    await expect(trackFailingSince(depsOn(null as unknown as string), e.endpointId)).rejects.toThrow();
    expect(await db.endpoint.findUnique({ where: { id: e.endpointId }, select: { status: true } })).toEqual({ status: 'active' });
    expect(await db.event.count({ where: { type: ENDPOINT_DISABLED_EVENT_TYPE, tenantId: e.tenantId } })).toBe(0);

    await trackFailingSince(depsOn(undispatched), e.endpointId);
    expect(await db.endpoint.findUnique({ where: { id: e.endpointId }, select: { status: true } })).toEqual({ status: 'disabled' });
    expect(await db.event.count({ where: { type: ENDPOINT_DISABLED_EVENT_TYPE, tenantId: e.tenantId } })).toBe(1);
    expect(await db.pendingStart.count({ where: { key: `schedules_hold:${e.endpointId}` } })).toBe(1);
  });
});
