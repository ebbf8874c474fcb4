// Tenants end to end: CRUD, an event reaching only its tenant's endpoints, the dead-letter system
// event staying inside its tenant, and a confirmed delete taking endpoints, schedules, keys and
// waiting runs with it.
import { afterAll, describe, expect, inject, it } from 'vitest';
import { api, sleep, waitFor } from './helpers/api';
import { createEndpoint } from './helpers/endpoints';
import { eventUntilDelivered, publish } from './helpers/events';
import { respondWith, startReceiver, type Receiver } from './helpers/receiver';
import { withTemporalClient, workflowIdsFound } from './helpers/temporal-client';
import { createTenant, tenantKey } from './helpers/tenants';

const receivers: Receiver[] = [];
const unique = () => Math.random().toString(36).slice(2, 10);
afterAll(async () => {
  for (const r of receivers.splice(0)) await r.close();
});

async function receiver(status = 200) {
  const r = await startReceiver(respondWith(status));
  receivers.push(r);
  return r;
}

describe('tenants CRUD', () => {
  it('creates tn_ tenants, keeps externalId unique, lists, filters, changes', async () => {
    const externalId = `cust-${unique()}`;
    const created = await api('POST', '/v1/tenants', { name: 'Acme', externalId });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({ name: 'Acme', externalId });
    expect(created.body.id).toMatch(/^tn_[0-9a-z]{26}$/);

    const again = await api('POST', '/v1/tenants', { name: 'Acme twin', externalId });
    expect(again.status).toBe(409);

    const byExternal = await api('GET', `/v1/tenants?externalId=${externalId}`);
    expect(byExternal.body.data.map((t: { id: string }) => t.id)).toEqual([created.body.id]);

    const changed = await api('PATCH', `/v1/tenants/${created.body.id}`, { name: 'Acme Inc.', externalId: null });
    expect(changed.status).toBe(200);
    expect(changed.body).toMatchObject({ name: 'Acme Inc.', externalId: null });
    expect((await api('GET', `/v1/tenants/${created.body.id}`)).body.name).toBe('Acme Inc.');

    const unknownTenant = await api('POST', '/v1/endpoints', { url: 'http://127.0.0.1:9/x', tenantId: 'tn_0000000000aaaaaaaaaaaaaaaa' });
    expect(unknownTenant.status).toBe(404); // an unknown id named in a body, as everywhere
    expect(unknownTenant.body.errors[0].field).toBe('tenantId');
  });
});

describe('fanout is isolated by tenant', () => {
  it('an event with tenantId reaches only that tenant; one without reaches only endpoints without a tenant', async () => {
    const [a, b] = [await createTenant(), await createTenant()];
    const type = `order.placed_${unique()}`;
    const [ra, rb, rNone] = [await receiver(), await receiver(), await receiver()];
    const epA = await createEndpoint({ url: ra.url, eventTypes: [type], tenantId: a.id });
    const epB = await createEndpoint({ url: rb.url, eventTypes: [type], tenantId: b.id });
    const epNone = await createEndpoint({ url: rNone.url, eventTypes: [type] });
    expect(epA.tenantId).toBe(a.id);
    expect(epNone.tenantId).toBeNull();

    const forA = await publish({ type, payload: { n: 1 }, tenantId: a.id });
    expect(forA.status).toBe(202);
    expect(forA.body.tenantId).toBe(a.id);
    const deliveredA = await eventUntilDelivered(forA.body.id);
    expect(deliveredA.matchedEndpointCount).toBe(1);
    expect(deliveredA.taskRuns.data.map((r: { endpointId: string }) => r.endpointId)).toEqual([epA.id]);

    const forNobody = await publish({ type, payload: { n: 2 } });
    const deliveredNone = await eventUntilDelivered(forNobody.body.id);
    expect(deliveredNone.matchedEndpointCount).toBe(1);
    expect(deliveredNone.taskRuns.data[0].endpointId).toBe(epNone.id);

    await ra.waitForRequests(1);
    await rNone.waitForRequests(1);
    await sleep(300);
    expect(ra.requests.map((r) => JSON.parse(r.body).data.n)).toEqual([1]);
    expect(rNone.requests.map((r) => JSON.parse(r.body).data.n)).toEqual([2]);
    expect(rb.requests).toHaveLength(0);

    // The run takes its endpoint's tenant; lists filter by tenant.
    const run = (await api('GET', `/v1/task-runs/${deliveredA.taskRuns.data[0].id}`)).body;
    expect(run.tenantId).toBe(a.id);
    const runsOfA = await api('GET', `/v1/task-runs?tenantId=${a.id}`);
    expect(runsOfA.body.data.map((r: { id: string }) => r.id)).toEqual([run.id]);
    const endpointsOfB = await api('GET', `/v1/endpoints?tenantId=${b.id}`);
    expect(endpointsOfB.body.data.map((e: { id: string }) => e.id)).toEqual([epB.id]);
    const eventsOfA = await api('GET', `/v1/events?tenantId=${a.id}`);
    expect(eventsOfA.body.data.map((e: { id: string }) => e.id)).toEqual([forA.body.id]);

    // The Temporal Web UI finds the tenant's fanout and its run by the EdgeCronTenantId search attribute.
    const ofTenantA = `EdgeCronTenantId="${a.id}"`;
    await withTemporalClient(async (temporal) => {
      const found = await waitFor(() => workflowIdsFound(temporal, ofTenantA), (ids) => ids.length === 2);
      expect(found.sort()).toEqual([forA.body.fanoutWorkflowId, run.workflowId].sort());
    });
    // An ordered run (started by its key's sequencer) carries the tenant too.
    const ordered = await createEndpoint({ url: ra.url, tenantId: a.id, ordering: 'key' });
    const orderedRun = await api('POST', '/v1/task-runs', { endpointId: ordered.id, orderingKey: 'k', payload: {} });
    expect(orderedRun.status).toBe(202);
    await withTemporalClient(async (temporal) => {
      const run = (await api('GET', `/v1/task-runs/${orderedRun.body.id}`)).body;
      await waitFor(() => workflowIdsFound(temporal, ofTenantA), (ids) => ids.includes(run.workflowId));
    });
    // Metrics stay bounded: no label per tenant.
    const metrics = await (await fetch(`${inject('apiUrl')}/metrics`)).text();
    expect(metrics).not.toContain(a.id);
  });

  it("a tenant's dead letter announces itself to that tenant's endpoints only", async () => {
    const [a, b] = [await createTenant(), await createTenant()];
    const type = `invoice.failed_${unique()}`;
    const failing = await receiver(400);
    const [watcherA, watcherB] = [await receiver(), await receiver()];
    await createEndpoint({ url: failing.url, eventTypes: [type], tenantId: a.id });
    await createEndpoint({ url: watcherA.url, eventTypes: ['edgecron.task_run.dead_lettered'], tenantId: a.id });
    await createEndpoint({ url: watcherB.url, eventTypes: ['edgecron.task_run.dead_lettered'], tenantId: b.id });

    const published = await publish({ type, payload: {}, tenantId: a.id });
    await eventUntilDelivered(published.body.id);
    const [announce] = await watcherA.waitForRequests(1);
    const body = JSON.parse(announce.body);
    expect(body.type).toBe('edgecron.task_run.dead_lettered');
    const dl = await api('GET', `/v1/dead-letters?tenantId=${a.id}`);
    expect(dl.body.data).toHaveLength(1);
    expect(dl.body.data[0]).toMatchObject({ tenantId: a.id, id: body.data.deadLetterId });
    await sleep(500);
    expect(watcherB.requests).toHaveLength(0);
  });

  it("a tenant endpoint's circuit opening is that tenant's event", async () => {
    const [a, b] = [await createTenant(), await createTenant()];
    const failing = await receiver(503);
    const [watcherA, watcherB] = [await receiver(), await receiver()];
    const endpoint = await createEndpoint({ url: failing.url, tenantId: a.id, circuitBreaker: { consecutiveFailures: 2, probeIntervalMs: 60_000 } });
    await createEndpoint({ url: watcherA.url, eventTypes: ['edgecron.endpoint.circuit_opened'], tenantId: a.id });
    await createEndpoint({ url: watcherB.url, eventTypes: ['edgecron.endpoint.circuit_opened'], tenantId: b.id });

    for (let i = 0; i < 2; i++) expect((await api('POST', '/v1/task-runs', { endpointId: endpoint.id, payload: { i } })).status).toBe(202);
    const [announce] = await watcherA.waitForRequests(1);
    expect(JSON.parse(announce.body)).toMatchObject({ type: 'edgecron.endpoint.circuit_opened', data: { endpointId: endpoint.id } });
    const events = (await api('GET', `/v1/events?type=edgecron.endpoint.circuit_opened&tenantId=${a.id}`)).body.data as any[];
    expect(events.filter((e) => e.payload.endpointId === endpoint.id)).toMatchObject([{ tenantId: a.id }]);
    await sleep(500);
    expect(watcherB.requests).toHaveLength(0);
  }, 60_000);
});

describe('deleting a tenant', () => {
  it('needs confirmation, then deletes its endpoints, schedules and keys and fails its waiting runs', async () => {
    const t = await createTenant();
    const key = await tenantKey(t.id);
    const r = await receiver();
    const endpoint = await createEndpoint({ url: r.url, tenantId: t.id });
    const schedule = await api('POST', '/v1/schedules', { endpointId: endpoint.id, cron: '0 0 1 1 *', payload: {} });
    expect(schedule.status).toBe(201);
    expect(schedule.body.tenantId).toBe(t.id);
    const waiting = await api('POST', '/v1/task-runs', { endpointId: endpoint.id, payload: {}, delayMs: 3_600_000 });
    expect(waiting.body.tenantId).toBe(t.id);

    const unconfirmed = await api('DELETE', `/v1/tenants/${t.id}`);
    expect(unconfirmed.status).toBe(400);
    expect(unconfirmed.body.errors[0].field).toBe('confirm');
    const someoneElse = await createTenant();
    expect((await api('DELETE', `/v1/tenants/${t.id}?confirm=${someoneElse.id}`)).status).toBe(409);
    expect((await api('GET', `/v1/endpoints/${endpoint.id}`)).status).toBe(200);

    const deleted = await api('DELETE', `/v1/tenants/${t.id}?confirm=${t.id}`);
    expect(deleted.status).toBe(200);
    expect(deleted.body).toMatchObject({ deleted: true, endpoints: [endpoint.id], schedules: [schedule.body.id], apiKeysRevoked: 1, taskRunsFailed: 1 });

    expect((await api('GET', `/v1/tenants/${t.id}`)).status).toBe(404);
    expect((await api('GET', `/v1/endpoints/${endpoint.id}`)).status).toBe(404);
    expect((await api('GET', `/v1/schedules/${schedule.body.id}`)).status).toBe(404);
    expect((await api('GET', '/v1/endpoints', undefined, key)).status).toBe(401);
    const run = await waitFor(() => api('GET', `/v1/task-runs/${waiting.body.id}`), (x) => x.body.status === 'failed');
    expect(run.body).toMatchObject({ status: 'failed', statusReason: 'tenant deleted', tenantId: t.id });
  });
});
