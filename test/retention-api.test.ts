// Retention as an API user sees it: an endpoint's payload period, a purged run's payload and response
// bodies reading null with the time they went, replay refused (409 "Payload purged"), idempotency keys
// that expire, and the purge running as a system Temporal Schedule on the test stack's worker.
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { createPurgeActivities } from '../activities/retention/purge.activity';
import { createDb, type Db } from '../src/db/prisma';
import { DEFAULT_RETENTION } from '../src/domain/retention';
import { retentionPurgeScheduleId } from '../src/domain/workflow-ids';
import { testActivityDeps } from './helpers/activity-deps';
import { api, runUntilFinal, waitFor } from './helpers/api';
import { createRun, deadLetterOf } from './helpers/dead-letters';
import { createEndpoint } from './helpers/endpoints';
import { publish } from './helpers/events';
import { respondWith, startReceiver, type Receiver } from './helpers/receiver';
import { useTemporalClient } from './helpers/temporal-client';

const DAY = 86_400_000;
let db: Db;
let ok: Receiver;
let refusing: Receiver;
const temporal = useTemporalClient();

beforeAll(async () => {
  db = createDb(inject('databaseUrl'));
  ok = await startReceiver(respondWith(200, '{"customer":"ada@example.com"}'));
  refusing = await startReceiver(respondWith(400, 'bad request'));
});
afterAll(async () => {
  await db.$disconnect();
  await ok.close();
  await refusing.close();
});

/**
 * The purge on the shared test database, two days from now. Only endpoints with a payload period of a
 * day are due then; idempotency keys get a year so other test files' keys stay.
 */
async function purgeTwoDaysFromNow() {
  const { purgeExpiredActivity } = createPurgeActivities({
    ...testActivityDeps(db),
    retention: { ...DEFAULT_RETENTION, idempotencyKeyHours: 365 * 24 },
  });
  let p = await purgeExpiredActivity({ nowMs: Date.now() + 2 * DAY });
  while (!p.done) p = await purgeExpiredActivity({ nowMs: Date.now() + 2 * DAY, cursor: p.cursor });
}

describe('retention through the API', () => {
  it('an endpoint sets its payload period; 0 is refused naming the field; null goes back to the default', async () => {
    const ep = await createEndpoint({ url: ok.url, payloadRetentionDays: 7 });
    expect(ep.payloadRetentionDays).toBe(7);
    const bad = await api('PATCH', `/v1/endpoints/${ep.id}`, { payloadRetentionDays: 0 });
    expect(bad.status).toBe(400);
    expect(bad.body.errors.map((e: any) => e.field)).toContain('payloadRetentionDays');
    const reset = await api('PATCH', `/v1/endpoints/${ep.id}`, { payloadRetentionDays: null });
    expect(reset.body.payloadRetentionDays).toBeNull();
  });

  it('a purged run shows payload null with payloadPurgedAt, its attempts no response body; replaying it is 409 Payload purged', async () => {
    const delivered = await createEndpoint({ url: ok.url, payloadRetentionDays: 1 });
    const run = await createRun(delivered.id, { order: 'ord_42' });
    expect((await runUntilFinal(run.id)).status).toBe('success');
    const failing = await createEndpoint({ url: refusing.url, payloadRetentionDays: 1 });
    const { run: deadRun, deadLetter } = await deadLetterOf(failing.id, { order: 'ord_43' });
    const kept = await createEndpoint({ url: ok.url });
    const keptRun = await createRun(kept.id, { order: 'ord_44' });
    await runUntilFinal(keptRun.id);

    await purgeTwoDaysFromNow();

    const read = await api('GET', `/v1/task-runs/${run.id}`);
    expect(read.body.payload).toBeNull();
    expect(Date.parse(read.body.payloadPurgedAt)).toBeGreaterThan(Date.now());
    expect(read.body.status).toBe('success'); // the run's metadata stays
    const attempts = await api('GET', `/v1/task-runs/${run.id}/attempts`);
    expect(attempts.body.data[0].responseBody).toBeNull();
    expect(attempts.body.data[0].responseBodyPurgedAt).not.toBeNull();
    expect(attempts.body.data[0].statusCode).toBe(200);
    expect((await api('GET', `/v1/task-runs/${keptRun.id}`)).body.payload).toEqual({ order: 'ord_44' });

    const replay = await api('POST', `/v1/dead-letters/${deadLetter.id}/replay`);
    expect(replay.status).toBe(409);
    expect(replay.body.title).toBe('Payload purged');
    expect(replay.body.detail).toContain(deadRun.id);
    const dl = await api('GET', `/v1/dead-letters/${deadLetter.id}`);
    expect(dl.body.status).toBe('open'); // still there, for discarding
    expect(dl.body.taskRun.payload).toBeNull();
    const bulk = await api('POST', '/v1/dead-letters/replay', { endpointId: failing.id, dryRun: true });
    expect(bulk.body.count).toBe(0);
  });

  it('an idempotency key holds for its period; the same key after it makes a new event', async () => {
    const key = `retention-${Date.now()}`;
    const first = await publish({ type: 'retention.checked', payload: { n: 1 } }, key);
    expect(first.status).toBe(202);
    const again = await publish({ type: 'retention.checked', payload: { n: 1 } }, key);
    expect(again.status).toBe(200);
    expect(again.body.id).toBe(first.body.id);

    // 25 hours pass for this event (the default key period is 24 hours).
    await db.event.update({ where: { id: first.body.id }, data: { createdAt: new Date(Date.now() - 25 * 3_600_000) } });
    const afterExpiry = await publish({ type: 'retention.checked', payload: { n: 1 } }, key);
    expect(afterExpiry.status).toBe(202);
    expect(afterExpiry.body.id).not.toBe(first.body.id);
    const repeat = await publish({ type: 'retention.checked', payload: { n: 1 } }, key);
    expect(repeat.status).toBe(200);
    expect(repeat.body.id).toBe(afterExpiry.body.id);
    expect((await api('GET', `/v1/events/${first.body.id}`)).body.idempotencyKey).toBeNull();
  });

  it('the purge is a system Temporal Schedule whose runs complete on the worker', async () => {
    const handle = temporal().schedule.getHandle(retentionPurgeScheduleId('edgecron-test'));
    const described = await handle.describe();
    expect(described.action.type).toBe('startWorkflow');
    expect((described.action as any).workflowType).toBe('retentionPurgeWorkflow');
    expect(described.spec.intervals?.[0].every).toBe(15 * 60_000);
    await handle.trigger();
    const withRun = await waitFor(() => handle.describe(), (d) => d.info.recentActions.length > 0, 20_000, 250);
    const started = withRun.info.recentActions[withRun.info.recentActions.length - 1].action.workflow.workflowId;
    const result = await temporal().workflow.getHandle(started).result();
    expect(result).toMatchObject({ runs: expect.any(Number), payloads: expect.any(Number) });
  });

  it('Temporal keeps closed workflows 3 days (TEMPORAL_WORKFLOW_RETENTION_DAYS); a run link says when its history is gone', async () => {
    const ns = await temporal().workflowService.describeNamespace({ namespace: inject('temporalNamespace') });
    expect(Number(ns.config?.workflowExecutionRetentionTtl?.seconds)).toBe(3 * 86_400);

    const ep = await createEndpoint({ url: ok.url });
    const run = await createRun(ep.id);
    const done = await runUntilFinal(run.id);
    expect(done.temporalHistoryAvailable).toBe(true);
    expect(Date.parse(done.temporalHistoryExpiresAt)).toBe(Date.parse(done.finishedAt) + 3 * DAY);

    // Four days later (the run ended four days ago): the Web UI has no history for it any more.
    await db.taskRun.update({ where: { id: run.id }, data: { finishedAt: new Date(Date.now() - 4 * DAY) } });
    const old = (await api('GET', `/v1/task-runs/${run.id}`)).body;
    expect(old.temporalHistoryAvailable).toBe(false);
    expect(old.temporalUrl).toContain(encodeURIComponent(`task-run/${run.id}`));
  });
});
