// The audit log: every control-plane change through the API writes one record naming the key that
// made it, the resource, the fields sent (never their values) and the request's trace id; task runs and
// events are data and write none. GET /v1/audit-events filters and pages it, for full-scope keys only.
import type { AddressInfo } from 'node:net';
import { mkdtemp, readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { createApp } from '../src/api/app';
import { apiSecurityFromConfig } from '../src/api/security/api-security';
import { loadConfig } from '../src/config';
import { createDb, type Db } from '../src/db/prisma';
import { createSecretBox, parseSecretKey } from '../src/domain/node/secret-box';
import { createLogger } from '../src/logger';
import type { ApiDeps } from '../src/api/api-deps';
import { api, runUntilFinal, waitFor } from './helpers/api';
import { createEndpoint } from './helpers/endpoints';
import { respondWith, startReceiver, type Receiver } from './helpers/receiver';

let db: pg.Client;
let receiver: Receiver;
let actor: { id: string; key: string; name: string };

const as = (method: string, path: string, body?: unknown, headers: Record<string, string> = {}) =>
  api(method, path, body, { key: actor.key, headers });

async function recordsOf(resourceId: string) {
  const res = await api('GET', `/v1/audit-events?resourceId=${resourceId}&limit=100`);
  expect(res.status).toBe(200);
  return res.body.data as Array<Record<string, any>>;
}

/** Exactly one record of `action` on the resource, by the test's key; returns it. */
async function expectOneRecord(resourceId: string, action: string, changedFields: string[] = []) {
  const matching = (await recordsOf(resourceId)).filter((e) => e.action === action);
  expect(matching, `${action} on ${resourceId}`).toHaveLength(1);
  expect(matching[0]).toMatchObject({
    actor: { type: 'api_key', keyId: actor.id, name: actor.name },
    resourceId,
    changedFields: [...changedFields].sort(),
  });
  return matching[0];
}

beforeAll(async () => {
  db = new pg.Client({ connectionString: inject('databaseUrl') });
  await db.connect();
  receiver = await startReceiver(respondWith(400)); // a permanent failure: runs dead-letter at once
  const name = `auditor ${Date.now()}`;
  const created = await api('POST', '/v1/api-keys', { name, scope: 'full' });
  actor = { id: created.body.id, key: created.body.key, name };
});
afterAll(async () => {
  await receiver?.close();
  await db.end();
});

describe('audit records', () => {
  it('one per endpoint and retry policy change, secret reveal and rotation, credentials reveal', async () => {
    const policy = (await as('POST', '/v1/retry-policies', { name: 'audited', strategy: 'fixed', initialIntervalMs: 100, maxIntervalMs: 100, maxAttempts: 2 })).body;
    await expectOneRecord(policy.id, 'retry_policy.create', ['initialIntervalMs', 'maxAttempts', 'maxIntervalMs', 'name', 'strategy']);
    await as('PATCH', `/v1/retry-policies/${policy.id}`, { maxAttempts: 3 });
    await expectOneRecord(policy.id, 'retry_policy.update', ['maxAttempts']);

    const endpoint = (await as('POST', '/v1/endpoints', { url: 'https://example.com/audited', headers: { Authorization: 'Bearer audit-secret-9' } })).body;
    expect((await expectOneRecord(endpoint.id, 'endpoint.create', ['headers', 'url'])).resourceType).toBe('endpoint');
    await as('PATCH', `/v1/endpoints/${endpoint.id}`, { description: 'changed', retryPolicyId: policy.id });
    await expectOneRecord(endpoint.id, 'endpoint.update', ['description', 'retryPolicyId']);
    await as('POST', `/v1/endpoints/${endpoint.id}/pause`);
    await expectOneRecord(endpoint.id, 'endpoint.pause');
    await as('POST', `/v1/endpoints/${endpoint.id}/resume`);
    await expectOneRecord(endpoint.id, 'endpoint.resume');
    await as('GET', `/v1/endpoints/${endpoint.id}/secret`);
    await expectOneRecord(endpoint.id, 'endpoint.secret.reveal');
    await as('POST', `/v1/endpoints/${endpoint.id}/secret/rotate`, { gracePeriodSeconds: 60 });
    await expectOneRecord(endpoint.id, 'endpoint.secret.rotate', ['gracePeriodSeconds']);
    await as('GET', `/v1/endpoints/${endpoint.id}/credentials`);
    await expectOneRecord(endpoint.id, 'endpoint.credentials.reveal');
    // Reads and refused changes leave no record.
    await as('GET', `/v1/endpoints/${endpoint.id}`);
    await as('PATCH', `/v1/endpoints/${endpoint.id}`, { timeoutMs: -1 });
    await as('DELETE', `/v1/retry-policies/${policy.id}`); // 409: the endpoint uses it
    expect((await recordsOf(endpoint.id)).map((e) => e.action).sort()).toEqual([
      'endpoint.create', 'endpoint.credentials.reveal', 'endpoint.pause', 'endpoint.resume', 'endpoint.secret.reveal',
      'endpoint.secret.rotate', 'endpoint.update',
    ]);
    expect((await recordsOf(policy.id)).map((e) => e.action).sort()).toEqual(['retry_policy.create', 'retry_policy.update']);

    await as('DELETE', `/v1/endpoints/${endpoint.id}`);
    await expectOneRecord(endpoint.id, 'endpoint.delete');
    expect((await as('DELETE', `/v1/retry-policies/${policy.id}`)).status).toBe(204);
    await expectOneRecord(policy.id, 'retry_policy.delete');

    // Values never reach the log: not the header value, not the revealed or rotated secret.
    const rows = await db.query(`SELECT row_to_json(a)::text AS row FROM "AuditEvent" a WHERE "resourceId" = $1`, [endpoint.id]);
    const dump = rows.rows.map((r) => r.row).join('\n');
    expect(dump).not.toContain('audit-secret-9');
    expect(dump).not.toContain('whsec_');
  });

  it('one per schedule change and trigger', async () => {
    const endpoint = await createEndpoint({ url: receiver.url });
    const schedule = (await as('POST', '/v1/schedules', { endpointId: endpoint.id, cron: '0 3 * * *', payload: { nightly: true } })).body;
    await expectOneRecord(schedule.id, 'schedule.create', ['cron', 'endpointId', 'payload']);
    await as('PATCH', `/v1/schedules/${schedule.id}`, { cron: '0 4 * * *', timezone: 'Europe/Paris' });
    await expectOneRecord(schedule.id, 'schedule.update', ['cron', 'timezone']);
    await as('POST', `/v1/schedules/${schedule.id}/pause`, { note: 'maintenance' });
    await expectOneRecord(schedule.id, 'schedule.pause', ['note']);
    await as('POST', `/v1/schedules/${schedule.id}/resume`);
    await expectOneRecord(schedule.id, 'schedule.resume');
    await as('POST', `/v1/schedules/${schedule.id}/trigger`);
    await expectOneRecord(schedule.id, 'schedule.trigger');
    expect((await as('DELETE', `/v1/schedules/${schedule.id}`)).status).toBe(204);
    await expectOneRecord(schedule.id, 'schedule.delete');
  });

  it('one per dead-letter replay, discard and bulk replay, and for a cancel; none for task runs or events', async () => {
    const endpoint = await createEndpoint({ url: receiver.url });
    const deadLetters: string[] = [];
    const runIds: string[] = [];
    for (let i = 0; i < 4; i++) {
      const run = (await as('POST', '/v1/task-runs', { endpointId: endpoint.id, payload: { i } })).body;
      runIds.push(run.id);
      expect((await runUntilFinal(run.id)).status).toBe('dead_letter');
    }
    const list = await waitFor(() => api('GET', `/v1/dead-letters?endpointId=${endpoint.id}&limit=10`), (r) => r.body.data.length === 4);
    deadLetters.push(...list.body.data.map((d: any) => d.id));

    await as('POST', `/v1/dead-letters/${deadLetters[0]}/replay`);
    await expectOneRecord(deadLetters[0], 'dead_letter.replay');
    await as('POST', `/v1/dead-letters/${deadLetters[1]}/discard`);
    await expectOneRecord(deadLetters[1], 'dead_letter.discard');
    // A dry run changes nothing: no record. The real one: one record for the bulk replay.
    // (2 open, or 3 once the replayed run has failed again at this receiver.)
    expect((await as('POST', '/v1/dead-letters/replay', { endpointId: endpoint.id, dryRun: true })).body.count).toBeGreaterThanOrEqual(2);
    const bulk = (await as('POST', '/v1/dead-letters/replay', { endpointId: endpoint.id })).body;
    expect(bulk.id).toMatch(/^dlr_/);
    const bulkRecord = await expectOneRecord(bulk.id, 'dead_letter.bulk_replay', ['endpointId']);
    expect(bulkRecord.resourceType).toBe('dead_letter_replay');
    const bulkRecords = await api('GET', `/v1/audit-events?actorKeyId=${actor.id}&action=dead_letter.bulk_replay`);
    expect(bulkRecords.body.data).toHaveLength(1);

    const later = (await as('POST', '/v1/task-runs', { endpointId: endpoint.id, payload: {}, delayMs: 600_000 })).body;
    await as('POST', `/v1/task-runs/${later.id}/cancel`);
    await expectOneRecord(later.id, 'task_run.cancel');

    await as('POST', '/v1/events', { type: 'audit.not_recorded', payload: {} });
    const byActor = (await api('GET', `/v1/audit-events?actorKeyId=${actor.id}&limit=100`)).body.data as any[];
    expect(byActor.some((e) => e.resourceType === 'event' || e.action.startsWith('event.') || e.action === 'task_run.create')).toBe(false);
    for (const id of runIds) expect(await recordsOf(id)).toEqual([]);
  });

  it('one per API key create, rotate and revoke, naming the acting key; never the key itself', async () => {
    const created = (await as('POST', '/v1/api-keys', { name: 'made by auditor', scope: 'read' })).body;
    await expectOneRecord(created.id, 'api_key.create', ['name', 'scope']);
    const rotated = (await as('POST', `/v1/api-keys/${created.id}/rotate`, { gracePeriodSeconds: 0 })).body;
    await expectOneRecord(created.id, 'api_key.rotate', ['gracePeriodSeconds']);
    await as('POST', `/v1/api-keys/${rotated.id}/revoke`);
    await expectOneRecord(rotated.id, 'api_key.revoke');
    const rows = await db.query(`SELECT row_to_json(a)::text AS row FROM "AuditEvent" a`);
    const dump = rows.rows.map((r) => r.row).join('\n');
    for (const key of [created.key, rotated.key, actor.key]) expect(dump).not.toContain(key);

    // The bootstrap key is an actor too.
    const byBootstrap = (await api('POST', '/v1/api-keys', { name: 'made by bootstrap' })).body;
    expect((await recordsOf(byBootstrap.id))[0].actor).toMatchObject({ keyId: 'bootstrap', name: expect.stringContaining('bootstrap') });
  });

  it("carries the request's trace id", async () => {
    const traceId = '4bf92f3577b34da6a3ce929d0e0e4736';
    const endpoint = (await as('POST', '/v1/endpoints', { url: 'https://example.com/traced' }, { traceparent: `00-${traceId}-00f067aa0ba902b7-01` })).body;
    expect((await expectOneRecord(endpoint.id, 'endpoint.create', ['url'])).traceId).toBe(traceId);
  });
});

describe('GET /v1/audit-events', () => {
  it('pages newest first with a cursor and filters by actor, resource type, action and time', async () => {
    const before = new Date().toISOString();
    const ids: string[] = [];
    for (let i = 0; i < 5; i++) ids.push((await as('POST', '/v1/endpoints', { url: `https://example.com/page-${i}` })).body.id);
    const after = new Date().toISOString();

    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const page: any = await api('GET', `/v1/audit-events?actorKeyId=${actor.id}&action=endpoint.create&from=${before}&to=${after}&limit=2${cursor ? `&cursor=${cursor}` : ''}`);
      expect(page.body.data.length).toBeLessThanOrEqual(2);
      seen.push(...page.body.data.map((e: any) => e.resourceId));
      cursor = page.body.nextCursor;
    } while (cursor);
    expect(seen).toEqual([...ids].reverse());

    const typed = await api('GET', `/v1/audit-events?resourceType=endpoint&actorKeyId=${actor.id}&limit=100`);
    expect(typed.body.data.every((e: any) => e.resourceType === 'endpoint')).toBe(true);
    const none = await api('GET', `/v1/audit-events?actorKeyId=${actor.id}&to=${before}&action=endpoint.create&limit=100`);
    expect(none.body.data.map((e: any) => e.resourceId)).not.toContain(ids[0]);
    // `from` after `to` is an empty range, as in every list: an empty page, not an error.
    const empty = await api('GET', '/v1/audit-events?from=2026-01-02T00:00:00Z&to=2026-01-01T00:00:00Z');
    expect(empty.status).toBe(200);
    expect(empty.body).toEqual({ data: [], nextCursor: null });
  });

  it('is for full-scope keys only', async () => {
    const reader = (await api('POST', '/v1/api-keys', { name: 'reader', scope: 'read' })).body.key;
    expect((await api('GET', '/v1/audit-events', undefined, reader)).status).toBe(403);
    expect((await api('GET', '/v1/Audit-Events', undefined, reader)).status).toBe(403);
  });
});

describe('when the audit record cannot be written', () => {
  it('the change stands, the answer is a success, and the loss is logged as an error (without values)', async () => {
    const logFile = join(await mkdtemp(join(tmpdir(), 'edgecron-audit-')), 'api.log');
    const plain = createDb(inject('databaseUrl'));
    const db = plain.$extends({
      query: { auditEvent: { create: () => Promise.reject(new Error('audit table unavailable')) } },
    }) as unknown as Db;
    const ctx = {
      db, logger: createLogger('info', 'test', { stdout: false, file: logFile }), secretBox: createSecretBox(parseSecretKey(inject('secretKey'))),
      namespace: 'default', taskQueue: 'unused', temporalUiUrl: 'http://localhost:8233',
    } as unknown as ApiDeps;
    const config = loadConfig({ PATH: process.env.PATH, EDGECRON_BOOTSTRAP_API_KEY: inject('apiKey'), EDGECRON_SECRET_KEY: inject('secretKey'), RATE_LIMIT_PER_SECOND: '0' });
    const server = await new Promise<import('node:http').Server>((resolve) => {
      const s = createApp(ctx, apiSecurityFromConfig(config)).listen(0, '127.0.0.1', () => resolve(s));
    });
    try {
      const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
      const endpoint = await createEndpoint({ url: 'https://example.com/unaudited' });
      const res = await fetch(`${url}/v1/endpoints/${endpoint.id}`, {
        method: 'PATCH',
        headers: { authorization: `Bearer ${inject('apiKey')}`, 'content-type': 'application/json' },
        body: JSON.stringify({ description: 'value-not-logged-3f' }),
      });
      expect(res.status).toBe(200);
      expect((await api('GET', `/v1/endpoints/${endpoint.id}`)).body.description).toBe('value-not-logged-3f');
      expect((await recordsOf(endpoint.id)).map((e) => e.action)).toEqual(['endpoint.create']);
      const log = await readFile(logFile, 'utf8');
      expect(log).toContain('audit record could not be written');
      expect(log).toContain(endpoint.id);
      expect(log).not.toContain('value-not-logged-3f');
    } finally {
      await new Promise((r) => server.close(r));
      await plain.$disconnect();
    }
  });
});
