// The SDK against the real running API (and, for retries, against a scripted local server).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  DEFAULT_NAMESPACE,
  DEFAULT_TASK_QUEUE,
  EDGECRON_WORKFLOWS,
  EdgeCron,
  EdgeCronApiError,
  MASKED_VALUE,
  NotFoundError,
  RateLimitedError,
  taskRunWorkflowId,
  UnavailableError,
  ValidationError,
} from 'edgecron/sdk';
import { loadConfig } from '../src/config';
import { MASK } from '../src/domain/node/endpoint-credentials';
import * as workflows from '../workflows';
import { sdkClient } from './helpers/sdk-client';
import { type Receiver, type Responder, startReceiver } from './helpers/receiver';
import { withTemporalClient } from './helpers/temporal-client';

const client = sdkClient();
let receiver: Receiver;

beforeAll(async () => {
  receiver = await startReceiver();
});
afterAll(async () => {
  await receiver.close();
});

async function collect<T>(iterable: AsyncIterable<T>): Promise<T[]> {
  const items: T[] = [];
  for await (const item of iterable) items.push(item);
  return items;
}

describe('the SDK against the running API', () => {
  it('creates an endpoint, delivers a task run to it and waits for the outcome', async () => {
    const endpoint = await client.endpoints.create({ url: receiver.url, description: 'sdk test' });
    expect(endpoint.id).toMatch(/^ep_/);
    expect(endpoint.secret).toMatch(/^whsec_/);
    expect((await client.endpoints.get(endpoint.id)).description).toBe('sdk test');

    const run = await client.taskRuns.create({ endpointId: endpoint.id, payload: { order: 42 } });
    expect(run.status).toBe('pending');
    const done = await client.taskRuns.wait(run.id, { timeoutMs: 30_000, intervalMs: 100 });
    expect(done.status).toBe('success');
    const attempts = await client.taskRuns.attempts(run.id);
    expect(attempts.map((a) => [a.attemptNumber, a.statusCode])).toEqual([[1, 200]]);
    const delivered = receiver.requests.find((r) => r.headers['webhook-id'] === done.webhookId)!;
    expect(JSON.parse(delivered.body)).toEqual({ order: 42 });
  });

  it('lists across several pages with the async iterator, newest first', async () => {
    const endpoint = await client.endpoints.create({ url: receiver.url });
    const created: string[] = [];
    for (let i = 0; i < 5; i++) created.push((await client.taskRuns.create({ endpointId: endpoint.id, payload: { i }, delayMs: 3_600_000 })).id);

    const firstPage = await client.taskRuns.listPage({ endpointId: endpoint.id, limit: 2 });
    expect(firstPage.data).toHaveLength(2);
    expect(firstPage.nextCursor).not.toBeNull();

    // limit 2 → three pages (2, 2, 1), fetched as the loop goes.
    const all = await collect(client.taskRuns.list({ endpointId: endpoint.id, limit: 2 }));
    expect(all.map((r) => r.id)).toEqual([...created].reverse());

    // Endpoints too: the three newest (ours) come first, whatever else the shared database holds.
    const mine = [endpoint.id];
    for (let i = 0; i < 2; i++) mine.unshift((await client.endpoints.create({ url: receiver.url })).id);
    const seen: string[] = [];
    for await (const e of client.endpoints.list({ limit: 1 })) {
      seen.push(e.id);
      if (seen.length === 3) break;
    }
    expect(seen).toEqual(mine);

    for (const id of created) await client.taskRuns.cancel(id);
  });

  it('surfaces problem+json fields on typed errors', async () => {
    const missing = await client.endpoints.get('ep_doesnotexist').catch((e) => e);
    expect(missing).toBeInstanceOf(NotFoundError);
    expect(missing).toBeInstanceOf(EdgeCronApiError);
    expect(missing).toMatchObject({ status: 404, title: 'Endpoint not found', detail: 'No endpoint with id ep_doesnotexist.' });
    // What a user quotes when reporting it: the path and the request's trace id.
    expect(missing.instance).toBe('/v1/endpoints/ep_doesnotexist');
    expect(missing.traceId).toMatch(/^[0-9a-f]{32}$/);

    const invalid = await client.endpoints.create({ url: 'ftp://example.com', timeoutMs: 5 }).catch((e) => e);
    expect(invalid).toBeInstanceOf(ValidationError);
    expect(invalid.status).toBe(400);
    expect(invalid.errors.map((e: { field: string }) => e.field).sort()).toEqual(['timeoutMs', 'url']);
    expect(invalid.message).toContain('POST /v1/endpoints → 400');

    const endpoint = await client.endpoints.create({ url: receiver.url });
    await client.endpoints.pause(endpoint.id);
    // A paused endpoint holds the run (pending) until it is resumed.
    const held = await client.taskRuns.create({ endpointId: endpoint.id, payload: {} });
    expect(held.status).toBe('pending');
  });

  it('masks endpoint credentials, reveals them with getCredentials, keeps them when MASKED_VALUE is sent back', async () => {
    expect(MASKED_VALUE).toBe(MASK); // the SDK's constant is the server's mask
    const url = `${receiver.url}?token=sdk-token-31`;
    const endpoint = await client.endpoints.create({ url, headers: { Authorization: 'Bearer sdk-secret-77' } });
    expect(endpoint.headers).toEqual({ Authorization: MASKED_VALUE });
    expect(endpoint.url).toBe(`${receiver.url}?token=${MASKED_VALUE}`);
    const updated = await client.endpoints.update(endpoint.id, { headers: { ...endpoint.headers, 'X-More': 'more' }, url: endpoint.url! });
    expect(updated.headers).toEqual({ Authorization: MASKED_VALUE, 'X-More': MASKED_VALUE });
    expect(await client.endpoints.getCredentials(endpoint.id)).toEqual({ url, headers: { Authorization: 'Bearer sdk-secret-77', 'X-More': 'more' }, destination: null });

    // The audit log, newest first, as an async iterator over its pages.
    const records = await collect(client.auditEvents.list({ resourceId: endpoint.id, limit: 1 }));
    expect(records.map((e) => e.action)).toEqual(['endpoint.credentials.reveal', 'endpoint.update', 'endpoint.create']);
    expect(records[1].changedFields).toEqual(['headers', 'url']);
  });

  it('drives a schedule: create, read its next fires, trigger, list its runs, delete', async () => {
    const endpoint = await client.endpoints.create({ url: receiver.url });
    const schedule = await client.schedules.create({ endpointId: endpoint.id, cron: '0 9 1 1 *', timezone: 'Europe/Paris', payload: { yearly: true } });
    expect((await client.schedules.get(schedule.id)).nextFireTimes?.[0]).toMatch(/-01-01T08:00:00/);
    expect((await client.schedules.pause(schedule.id, { note: 'holiday' })).note).toBe('holiday');
    expect((await client.schedules.resume(schedule.id)).state).toBe('active');
    await client.schedules.trigger(schedule.id);
    let runs: { status: string }[] = [];
    for (let i = 0; i < 100 && !(runs.length === 1 && runs[0].status === 'success'); i++) {
      runs = await collect(client.schedules.runs(schedule.id));
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
    expect(runs.map((r) => r.status)).toEqual(['success']);
    expect(await client.schedules.delete(schedule.id)).toBeUndefined();
    expect(await client.schedules.get(schedule.id).catch((e) => e.status)).toBe(404);
  });

  it('gives Temporal users the names EdgeCron registers, to find and await its workflows', async () => {
    expect(Object.values(EDGECRON_WORKFLOWS).every((name) => typeof (workflows as Record<string, unknown>)[name] === 'function')).toBe(true);
    expect(DEFAULT_TASK_QUEUE).toBe(loadConfig({}).TEMPORAL_TASK_QUEUE);
    expect(DEFAULT_NAMESPACE).toBe(loadConfig({}).TEMPORAL_NAMESPACE);

    const endpoint = await client.endpoints.create({ url: receiver.url });
    const run = await client.taskRuns.create({ endpointId: endpoint.id, payload: { via: 'temporal' } });
    await withTemporalClient(async (temporal) => {
      const handle = temporal.workflow.getHandle(taskRunWorkflowId(run.id));
      expect(await handle.result()).toBe('success');
      const described = await handle.describe();
      expect(described.type).toBe(EDGECRON_WORKFLOWS.taskRun);
      expect(described.taskQueue).toBe('edgecron-test'); // the test stack's TEMPORAL_TASK_QUEUE
    });
  });
});

describe('SDK retries and headers (scripted local server)', () => {
  let server: Receiver;
  const baseUrl = () => server.url.replace(/\/hook$/, '');
  const json = (status: number, body: unknown, headers: Record<string, string> = {}) =>
    ({ status, body: JSON.stringify(body), headers: { 'content-type': status >= 400 ? 'application/problem+json' : 'application/json', ...headers } });
  const script = (...answers: ReturnType<typeof json>[]): Responder => (_req, i, res) => {
    const a = answers[Math.min(i, answers.length - 1)];
    res.writeHead(a.status, a.headers).end(a.body);
  };
  const busy = (status: number, retryAfter?: string) =>
    json(status, { type: 'about:blank', title: status === 429 ? 'Too many requests' : 'Unavailable', status, detail: 'later' }, retryAfter ? { 'retry-after': retryAfter } : {});

  beforeAll(async () => {
    server = await startReceiver();
  });
  afterAll(async () => {
    await server.close();
  });

  it('retries a 503 after the Retry-After the server asked for, then succeeds', async () => {
    server.requests.length = 0;
    server.respond = script(busy(503, '1'), json(200, { id: 'ep_1' }));
    const sdk = new EdgeCron({ baseUrl: baseUrl(), apiKey: 'key_123' });
    expect(await sdk.endpoints.get('ep_1')).toEqual({ id: 'ep_1' });
    expect(server.requests).toHaveLength(2);
    expect(server.requests[1].at - server.requests[0].at).toBeGreaterThanOrEqual(950);
    expect(server.requests.map((r) => r.headers.authorization)).toEqual(['Bearer key_123', 'Bearer key_123']);
  });

  it('gives up after maxRetries, and never waits longer than maxRetryDelayMs', async () => {
    server.requests.length = 0;
    server.respond = script(busy(429, '0'));
    const limited = await new EdgeCron({ baseUrl: baseUrl(), maxRetries: 2 }).endpoints.get('ep_1').catch((e) => e);
    expect(limited).toBeInstanceOf(RateLimitedError);
    expect(limited).toMatchObject({ status: 429, title: 'Too many requests' });
    expect(server.requests).toHaveLength(3);

    server.requests.length = 0;
    server.respond = script(busy(503, '3600'));
    const unavailable = await new EdgeCron({ baseUrl: baseUrl(), maxRetryDelayMs: 5_000 }).endpoints.get('ep_1').catch((e) => e);
    expect(unavailable).toBeInstanceOf(UnavailableError);
    expect(server.requests).toHaveLength(1);
  });

  it('publishes events with an Idempotency-Key that stays the same across its retries', async () => {
    server.requests.length = 0;
    server.respond = script(busy(503, '0'), json(202, { id: 'evt_1' }));
    const sdk = new EdgeCron({ baseUrl: baseUrl() });
    await sdk.events.publish({ type: 'invoice.paid', payload: { amount: 1 } });
    const keys = server.requests.map((r) => r.headers['idempotency-key']);
    expect(keys).toHaveLength(2);
    expect(keys[0]).toMatch(/^[0-9a-f-]{36}$/);
    expect(keys[1]).toBe(keys[0]);

    server.requests.length = 0;
    server.respond = script(json(202, { id: 'evt_2' }));
    await sdk.events.publish({ type: 'invoice.paid', payload: {} }, { idempotencyKey: 'invoice-7-paid' });
    expect(server.requests.map((r) => [r.method, r.path, r.headers['idempotency-key']])).toEqual([['POST', '/v1/events', 'invoice-7-paid']]);
  });
});
