// Tenant keys: tenant A's key is pointed at every /v1 route the app serves, aimed at tenant B's
// resources (by path id, by body id, by `tenantId`). Each answer must be 403 or 404, or — for lists and
// installation-wide reads — a 2xx that holds none of B's ids. The route list comes from the Express
// router itself, so a new route without a probe here fails the first test by name.
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { createApp } from '../src/api/app';
import { apiSecurityFromConfig } from '../src/api/security/api-security';
import { loadConfig } from '../src/config';
import type { ApiDeps } from '../src/api/api-deps';
import { api, runUntilFinal, waitFor } from './helpers/api';
import { createEndpoint } from './helpers/endpoints';
import { listRoutes } from './helpers/express-routes';
import { publish } from './helpers/events';
import { respondWith, startReceiver, type Receiver } from './helpers/receiver';
import { createTenant, tenantKey } from './helpers/tenants';

interface Probe {
  path?: string;
  body?: unknown;
  /** The answers allowed. `leak-free` = a 2xx whose body names nothing of tenant B. Default 403 or 404. */
  expect?: 'denied' | 'leak-free' | 403;
}

interface TenantB {
  tenantId: string; endpointId: string; taskRunId: string; scheduleId: string; eventId: string;
  deadLetterId: string; bulkReplayId: string; apiKeyId: string; retryPolicyId: string; eventTypeName: string; sourceId: string;
}

/** One or more probes per served route; `:id` is filled with tenant B's resource of that route. */
function probesFor(b: TenantB): Record<string, Probe[]> {
  const ownerFilter = `?tenantId=${b.tenantId}`;
  return {
    'POST /v1/api-keys': [{ body: { name: 'x', tenantId: b.tenantId } }],
    'GET /v1/api-keys': [{ path: `/v1/api-keys${ownerFilter}` }, { expect: 'leak-free' }],
    'GET /v1/api-keys/:id': [{}],
    'POST /v1/api-keys/:id/revoke': [{}],
    'POST /v1/api-keys/:id/rotate': [{ body: {} }],
    'POST /v1/endpoints': [{ body: { url: 'http://127.0.0.1:9/x', tenantId: b.tenantId } }],
    'GET /v1/endpoints': [{ path: `/v1/endpoints${ownerFilter}` }, { expect: 'leak-free' }],
    'GET /v1/endpoints/:id': [{}],
    'PATCH /v1/endpoints/:id': [{ body: { description: 'mine now' } }],
    'DELETE /v1/endpoints/:id': [{}],
    'GET /v1/endpoints/:id/stats': [{}],
    'GET /v1/endpoints/:id/secret': [{}],
    'GET /v1/endpoints/:id/credentials': [{}],
    'GET /v1/endpoints/:id/transformation': [{}],
    'POST /v1/transformations/test': [{ body: { endpointId: b.endpointId, payload: {} }, expect: 'denied' }],
    'POST /v1/endpoints/:id/secret/rotate': [{ body: {} }],
    'POST /v1/endpoints/:id/pause': [{}],
    'POST /v1/endpoints/:id/resume': [{}],
    'POST /v1/task-runs': [{ body: { endpointId: b.endpointId, payload: {} }, expect: 'denied' }],
    'GET /v1/task-runs': [{ path: `/v1/task-runs${ownerFilter}` }, { expect: 'leak-free' }, { path: `/v1/task-runs?endpointId=${b.endpointId}`, expect: 'leak-free' }],
    'GET /v1/task-runs/:id': [{}],
    'POST /v1/task-runs/:id/cancel': [{}],
    'GET /v1/task-runs/:id/attempts': [{}],
    'POST /v1/schedules': [{ body: { endpointId: b.endpointId, cron: '0 0 1 1 *', payload: {} } }],
    'GET /v1/schedules': [{ path: `/v1/schedules${ownerFilter}` }, { expect: 'leak-free' }],
    'GET /v1/schedules/:id': [{}],
    'PATCH /v1/schedules/:id': [{ body: { payload: { mine: true } } }],
    'DELETE /v1/schedules/:id': [{}],
    'POST /v1/schedules/:id/pause': [{ body: {} }],
    'POST /v1/schedules/:id/resume': [{}],
    'POST /v1/schedules/:id/trigger': [{}],
    'GET /v1/schedules/:id/runs': [{}],
    'POST /v1/events': [{ body: { type: 'tenant.probe', payload: {}, tenantId: b.tenantId } }],
    'GET /v1/events': [{ path: `/v1/events${ownerFilter}` }, { expect: 'leak-free' }, { path: `/v1/events?sourceId=${b.sourceId}`, expect: 'leak-free' }],
    'GET /v1/events/:id': [{}],
    'GET /v1/events/:id/task-runs': [{}],
    'POST /v1/retry-policies': [{ body: { name: 'x', strategy: 'fixed', initialIntervalMs: 100, maxIntervalMs: 100, maxAttempts: 2 }, expect: 403 }],
    'GET /v1/retry-policies': [{ expect: 'leak-free' }],
    'GET /v1/retry-policies/:id': [{ expect: 'leak-free' }],
    'PATCH /v1/retry-policies/:id': [{ body: { name: 'y' }, expect: 403 }],
    'DELETE /v1/retry-policies/:id': [{ expect: 403 }],
    'GET /v1/retry-jobs': [{ path: `/v1/retry-jobs${ownerFilter}` }, { expect: 'leak-free' }],
    'GET /v1/dead-letters': [{ path: `/v1/dead-letters${ownerFilter}` }, { expect: 'leak-free' }],
    'POST /v1/dead-letters/replay': [{ body: { tenantId: b.tenantId } }, { body: { endpointId: b.endpointId, dryRun: true }, expect: 'leak-free' }],
    'GET /v1/dead-letters/replays/:id': [{}],
    'GET /v1/dead-letters/:id': [{}],
    'POST /v1/dead-letters/:id/replay': [{}],
    'POST /v1/dead-letters/:id/discard': [{}],
    'GET /v1/stats/overview': [{ expect: 'leak-free' }],
    'GET /v1/audit-events': [{ expect: 403 }],
    'POST /v1/tenants': [{ body: { name: 'x' }, expect: 403 }],
    'GET /v1/tenants': [{ expect: 403 }],
    'GET /v1/tenants/:id': [{ expect: 403 }],
    'POST /v1/tenants/:id/portal-sessions': [{ body: {}, expect: 403 }],
    'POST /v1/event-types': [{ body: { name: 'tenant.mine' }, expect: 403 }],
    'GET /v1/event-types': [{ expect: 'leak-free' }],
    'GET /v1/event-types/:id': [{ expect: 'leak-free' }],
    'PATCH /v1/event-types/:id': [{ body: { description: 'mine' }, expect: 403 }],
    'DELETE /v1/event-types/:id': [{ expect: 403 }],
    'PATCH /v1/tenants/:id': [{ body: { name: 'x' }, expect: 403 }],
    'POST /v1/sources': [{ body: { name: 'x', tenantId: b.tenantId, verification: { type: 'github', secret: 'probe-secret' } } }],
    'GET /v1/sources': [{ path: `/v1/sources${ownerFilter}` }, { expect: 'leak-free' }],
    'GET /v1/sources/:id': [{}],
    'PATCH /v1/sources/:id': [{ body: { name: 'mine now' } }],
    'DELETE /v1/sources/:id': [{}],
    'POST /v1/sources/:id/disable': [{}],
    'POST /v1/sources/:id/enable': [{}],
    'GET /v1/sources/:id/secret': [{}],
    'POST /v1/sources/:id/secret/rotate': [{ body: { secret: 'probe-secret-2' } }],
    'GET /v1/sources/:id/requests': [{}],
    'DELETE /v1/tenants/:id': [{ path: `/v1/tenants/${b.tenantId}?confirm=${b.tenantId}`, expect: 403 }],
  };
}

/** Which of B's resources a route's `:id` names, by the route's path. */
function idFor(route: string, b: TenantB): string {
  const table: Array<[string, string]> = [
    ['/v1/dead-letters/replays/', b.bulkReplayId], ['/v1/api-keys/', b.apiKeyId], ['/v1/endpoints/', b.endpointId],
    ['/v1/task-runs/', b.taskRunId], ['/v1/schedules/', b.scheduleId], ['/v1/events/', b.eventId],
    ['/v1/dead-letters/', b.deadLetterId], ['/v1/retry-policies/', b.retryPolicyId], ['/v1/event-types/', b.eventTypeName], ['/v1/tenants/', b.tenantId], ['/v1/sources/', b.sourceId],
  ];
  return table.find(([prefix]) => route.includes(prefix))![1];
}

const served = listRoutes(createApp({} as ApiDeps, apiSecurityFromConfig(loadConfig({})))).filter((r) => r.includes(' /v1/'));
const receivers: Receiver[] = [];
let keyA: string;
let b: TenantB;
let ownEndpointOfA: string;

beforeAll(async () => {
  const [tenantA, tenantB] = [await createTenant(), await createTenant()];
  keyA = await tenantKey(tenantA.id);
  const keyB = await tenantKey(tenantB.id);
  const ok = await startReceiver(respondWith(200));
  const gone = await startReceiver(respondWith(400));
  receivers.push(ok, gone);
  ownEndpointOfA = (await createEndpoint({ url: ok.url }, keyA)).id;

  // Tenant B, made with B's own key: an endpoint, a run, a schedule, an event, a dead letter and a bulk replay.
  const endpoint = await createEndpoint({ url: ok.url, eventTypes: ['tenant.probe'] }, keyB);
  const failing = await createEndpoint({ url: gone.url }, keyB);
  const run = (await api('POST', '/v1/task-runs', { endpointId: endpoint.id, payload: {} }, keyB)).body;
  const schedule = (await api('POST', '/v1/schedules', { endpointId: endpoint.id, cron: '0 0 1 1 *', payload: {} }, keyB)).body;
  const event = (await api('POST', '/v1/events', { type: 'tenant.probe', payload: {} }, keyB)).body;
  const doomed = (await api('POST', '/v1/task-runs', { endpointId: failing.id, payload: {} }, keyB)).body;
  await runUntilFinal(doomed.id);
  const dl = await waitFor(() => api('GET', `/v1/dead-letters?taskRunId=${doomed.id}`, undefined, keyB), (r) => r.body.data?.length === 1);
  const bulk = (await api('POST', '/v1/dead-letters/replay', {}, keyB)).body;
  const keys = (await api('GET', '/v1/api-keys', undefined, keyB)).body;
  const policy = (await api('POST', '/v1/retry-policies', { name: 'shared', strategy: 'fixed', initialIntervalMs: 100, maxIntervalMs: 100, maxAttempts: 2 })).body;
  b = {
    tenantId: tenantB.id, endpointId: endpoint.id, taskRunId: run.id, scheduleId: schedule.id, eventId: event.id,
    deadLetterId: dl.body.data[0].id, bulkReplayId: bulk.id, apiKeyId: keys.data[0].id, retryPolicyId: policy.id,
    eventTypeName: (await api('POST', '/v1/event-types', { name: `shared.type_${Date.now()}` })).body.name,
    sourceId: (await api('POST', '/v1/sources', { name: 'b', verification: { type: 'none' }, eventTypePrefix: 'tenant.', eventType: { value: 'probe' } }, keyB)).body.id,
  };
  // B's source publishes B's events (the route needs no key: the source carries its tenant).
  const inbound = await (await fetch(`${inject('apiUrl')}/in/${b.sourceId}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{}' })).json() as { eventId: string };
  expect((await api('GET', `/v1/events/${inbound.eventId}`)).body).toMatchObject({ tenantId: tenantB.id, sourceId: b.sourceId });
  for (const [name, id] of Object.entries(b)) expect(id, name).toMatch(/^[a-z]+[_.]/);
  expect([run.tenantId, schedule.tenantId, event.tenantId, dl.body.data[0].tenantId]).toEqual(Array(4).fill(tenantB.id));
  await runUntilFinal(run.id);
});

afterAll(async () => {
  for (const r of receivers.splice(0)) await r.close();
});

describe("a tenant key against another tenant's resources", () => {
  it('has a probe for every /v1 route the app serves', () => {
    const probed = Object.keys(probesFor({} as TenantB));
    expect(served.length).toBeGreaterThan(40);
    expect(served.filter((r) => !probed.includes(r)), 'served routes without a probe').toEqual([]);
    expect(probed.filter((r) => !served.includes(r)), 'probes of routes not served').toEqual([]);
  });

  it('gets 403 or 404 on every route, or a 2xx that holds nothing of the other tenant', async () => {
    // The shared (installation-wide) resources are readable by every key; the rest are B's alone.
    const bIds = Object.values(b).filter((id) => id !== b.retryPolicyId && id !== b.eventTypeName);
    const failures: string[] = [];
    for (const [route, probes] of Object.entries(probesFor(b))) {
      const [method, pattern] = route.split(' ');
      for (const probe of probes) {
        const path = probe.path ?? pattern.replace(':id', pattern.includes(':id') ? idFor(pattern, b) : '');
        const res = await api(method, path, probe.body, keyA);
        const text = JSON.stringify(res.body ?? '');
        const expected = probe.expect ?? 'denied';
        const ok =
          expected === 'denied' ? res.status === 403 || res.status === 404
          : expected === 403 ? res.status === 403
          : res.status >= 200 && res.status < 300 && bIds.every((id) => !text.includes(id));
        if (!ok) failures.push(`${method} ${path} → ${res.status} ${text.slice(0, 200)}`);
      }
    }
    expect(failures).toEqual([]);
  });

  it("left the other tenant's resources as they were", async () => {
    const endpoint = await api('GET', `/v1/endpoints/${b.endpointId}`);
    expect(endpoint.body).toMatchObject({ status: 'active', description: null, tenantId: b.tenantId });
    expect((await api('GET', `/v1/schedules/${b.scheduleId}`)).body).toMatchObject({ payload: {}, paused: false });
    expect((await api('GET', `/v1/api-keys/${b.apiKeyId}`)).body.status).toBe('active');
    expect((await api('GET', `/v1/sources/${b.sourceId}`)).body).toMatchObject({ status: 'active', name: 'b', tenantId: b.tenantId });
  });
});

describe('a tenant key within its own tenant', () => {
  it('sees and changes its own resources; what it creates is its own', async () => {
    const own = await api('GET', `/v1/endpoints/${ownEndpointOfA}`, undefined, keyA);
    expect(own.status).toBe(200);
    const tenantId = own.body.tenantId as string;
    expect(tenantId).toMatch(/^tn_/);
    const list = await api('GET', '/v1/endpoints', undefined, keyA);
    expect(list.body.data.map((e: { id: string }) => e.id)).toEqual([ownEndpointOfA]);
    const run = await api('POST', '/v1/task-runs', { endpointId: ownEndpointOfA, payload: { mine: true } }, keyA);
    expect(run.status).toBe(202);
    expect(run.body.tenantId).toBe(tenantId);
    const event = await publish({ type: 'tenant.probe', payload: {} });
    expect(event.body.tenantId).toBeNull();
    const key = await api('POST', '/v1/api-keys', { name: 'child' }, keyA);
    expect(key.body.tenantId).toBe(tenantId);
    expect((await api('GET', '/v1/retry-policies', undefined, keyA)).status).toBe(200);
    const stats = await api('GET', '/v1/stats/overview', undefined, keyA);
    expect(stats.status).toBe(200);
  });
});
