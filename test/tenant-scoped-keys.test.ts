// Keys are per tenant: two tenants using the same idempotency key, ordering key and flow-control key
// never see, block or slow each other. An installation key publishing for a tenant acts in its scope;
// the installation's own (tenant-less) events are one more scope of their own.
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { api, runUntilFinal } from './helpers/api';
import { endpointFor } from './helpers/endpoints';
import { holdingResponder, type InFlightLog } from './helpers/flow';
import { startReceiver, type Receiver } from './helpers/receiver';
import { createTenant, tenantKey } from './helpers/tenants';

const publishAs = (key: string | undefined, body: Record<string, unknown>, idempotencyKey: string) =>
  api('POST', '/v1/events', body, { key, headers: { 'idempotency-key': idempotencyKey } });

const receivers: Receiver[] = [];
let a: { id: string; key: string };
let b: { id: string; key: string };

beforeAll(async () => {
  const [ta, tb] = [await createTenant(), await createTenant()];
  a = { id: ta.id, key: await tenantKey(ta.id) };
  b = { id: tb.id, key: await tenantKey(tb.id) };
});

afterAll(async () => {
  await Promise.all(receivers.map((r) => r.close()));
});

describe('idempotency keys are per tenant', () => {
  it("tenant B's publish with A's key is a new event, and each tenant's repeat returns its own", async () => {
    const key = `order-${Date.now()}`;
    const first = await publishAs(a.key, { type: 'order.created', payload: { by: 'a' } }, key);
    expect(first.status).toBe(202);
    const other = await publishAs(b.key, { type: 'order.created', payload: { by: 'b' } }, key);
    expect(other.status, JSON.stringify(other.body)).toBe(202);
    expect(other.body.id).not.toBe(first.body.id);

    const againA = await publishAs(a.key, { type: 'order.created', payload: { by: 'a' } }, key);
    expect([againA.status, againA.body.id]).toEqual([200, first.body.id]);
    // The installation key publishing for B acts in B's scope: B's event, not a new one and not A's.
    const forB = await publishAs(undefined, { type: 'order.created', payload: { by: 'b' }, tenantId: b.id }, key);
    expect([forB.status, forB.body.id]).toEqual([200, other.body.id]);
    // Different content under B's key is B's conflict only.
    expect((await publishAs(b.key, { type: 'order.created', payload: { by: 'x' } }, key)).status).toBe(409);
    // The installation's own events are a scope of their own.
    const own = await publishAs(undefined, { type: 'order.created', payload: { by: 'installation' } }, key);
    expect(own.status).toBe(202);
    expect([first.body.id, other.body.id]).not.toContain(own.body.id);
    expect((await api('GET', `/v1/events/${other.body.id}`, undefined, a.key)).status).toBe(404);
  });
});

describe('ordering keys are per tenant', () => {
  it("each tenant's key counts from 1, and a lock held on A's key does not hold up B's accept", async () => {
    const receiver = await startReceiver();
    receivers.push(receiver);
    const epA = await endpointFor(receiver, { ordering: 'key' }, a.key);
    const epB = await endpointFor(receiver, { ordering: 'key' }, b.key);
    const orderingKey = `acct-${Date.now()}`;
    const run = (key: string, endpointId: string) => api('POST', '/v1/task-runs', { endpointId, payload: {}, orderingKey }, key);

    const seqs = [];
    for (const [key, ep] of [[a.key, epA.id], [b.key, epB.id], [a.key, epA.id], [b.key, epB.id]]) {
      const res = await run(key, ep);
      expect(res.status).toBe(202);
      seqs.push(res.body.orderingSequence);
    }
    expect(seqs).toEqual([1, 1, 2, 2]);

    // Another session holds A's counter row: A's next accept waits on it, B's does not.
    const db = new pg.Client({ connectionString: inject('databaseUrl') });
    await db.connect();
    try {
      await db.query('BEGIN');
      await db.query(`SELECT 1 FROM "OrderingKey" WHERE "scope" = $1 AND "key" = $2 FOR UPDATE`, [a.id, orderingKey]);
      const waitingA = run(a.key, epA.id);
      const started = Date.now();
      const resB = await run(b.key, epB.id);
      expect([resB.status, resB.body.orderingSequence]).toEqual([202, 3]);
      expect(Date.now() - started).toBeLessThan(3_000);
      await db.query('COMMIT');
      expect((await waitingA).body.orderingSequence).toBe(3);
    } finally {
      await db.end();
    }
  });
});

describe('flow-control keys are per tenant', () => {
  it("A's call holding its key's only slot does not make B's endpoint with the same key wait", async () => {
    const logA: InFlightLog = { now: 0, max: 0 };
    const slowA = await startReceiver(holdingResponder(logA, 8_000));
    const fastB = await startReceiver();
    receivers.push(slowA, fastB);
    const flow = { flowControlKey: 'shared-name', maxConcurrency: 1 };
    const epA = await endpointFor(slowA, flow, a.key);
    const epB = await endpointFor(fastB, flow, b.key);

    expect((await api('POST', '/v1/task-runs', { endpointId: epA.id, payload: {} }, a.key)).status).toBe(202);
    await slowA.waitForRequests(1, 20_000);
    const started = Date.now();
    const runB = await api('POST', '/v1/task-runs', { endpointId: epB.id, payload: {} }, b.key);
    await fastB.waitForRequests(1, 20_000);
    // Sharing A's slot, B would wait for A's 8 s call to end.
    expect(logA.now).toBe(1);
    expect(Date.now() - started).toBeLessThan(6_000);
    expect((await runUntilFinal(runB.body.id)).status).toBe('success');
  });
});
