// Ingest never waits on Temporal. A second API process, on a task queue of its own, is pointed at a
// "Temporal" that accepts connections and answers nothing (as a frozen server does), against the
// test stack's real database. Its triggers are accepted at once and wait in the outbox; a full
// backlog answers 503 with Retry-After; and once a process that reaches Temporal serves that queue,
// every accepted run and event is delivered.
import { createServer, type Server, type Socket } from 'node:net';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { loadConfig } from '../src/config';
import { createDb, type Db } from '../src/db/prisma';
import { startApiServer, type RunningApi } from '../src/runtime/api-server';
import { startWorkerProcess, type RunningWorker } from '../src/runtime/worker-process';
import { api, waitFor } from './helpers/api';
import { endpointFor } from './helpers/endpoints';
import { startReceiver, type Receiver } from './helpers/receiver';

const QUEUE = `ingest-${process.pid}`;
const BACKLOG_LIMIT = 5;
const EVENT_TYPE = `ingest.${process.pid}.paid`;

let silent: Server;
const sockets: Socket[] = [];
let away: RunningApi;
let back: RunningApi | undefined;
let worker: RunningWorker | undefined;
let receiver: Receiver;
let db: Db;

const settings = (extra: Record<string, string> = {}) =>
  loadConfig({
    PATH: process.env.PATH,
    PORT: '0',
    LOG_STDOUT: 'false',
    LOG_LEVEL: 'warn',
    WORKER_METRICS_PORT: '0',
    TEMPORAL_TASK_QUEUE: QUEUE,
    DISPATCH_BACKLOG_LIMIT: String(BACKLOG_LIMIT),
    DISPATCH_SWEEP_INTERVAL_MS: '100',
    DISPATCH_START_TIMEOUT_MS: '500',
    EDGECRON_BOOTSTRAP_API_KEY: inject('apiKey'),
    EDGECRON_SECRET_KEY: inject('secretKey'),
    DELIVERY_ALLOW_LIST: '127.0.0.0/8,::1',
    RATE_LIMIT_PER_SECOND: '0',
    ...extra,
  });

const timed = async <T>(call: () => Promise<T>) => {
  const started = Date.now();
  const result = await call();
  return { result, ms: Date.now() - started };
};

beforeAll(async () => {
  silent = createServer((socket) => sockets.push(socket)).listen(0, '127.0.0.1');
  await new Promise((r) => silent.once('listening', r));
  away = await startApiServer(settings(), inject('databaseUrl'), `127.0.0.1:${(silent.address() as AddressInfo).port}`);
  receiver = await startReceiver();
  db = createDb(inject('databaseUrl'));
});

afterAll(async () => {
  await worker?.stop();
  await back?.close();
  await away?.close();
  for (const s of sockets) s.destroy();
  silent?.close();
  await receiver?.close();
  await db?.$disconnect();
});

describe('durable ingest while Temporal answers nothing', () => {
  const runIds: string[] = [];
  let eventId: string;
  let endpoint: { id: string; secret: string };

  it('accepts task runs and events at once; runs say they wait for the workflow engine; /healthz stays 200', async () => {
    endpoint = await endpointFor(receiver, { eventTypes: [EVENT_TYPE] });
    // A first request opens the new process's database connections; time the ones after it.
    expect((await api('GET', `/v1/endpoints/${endpoint.id}`, undefined, { baseUrl: away.url })).status).toBe(200);
    const run = await timed(() => api('POST', '/v1/task-runs', { endpointId: endpoint.id, payload: { n: 0 } }, { baseUrl: away.url }));
    const event = await timed(() => api('POST', '/v1/events', { type: EVENT_TYPE, payload: { invoice: 'inv_1' } }, { baseUrl: away.url }));
    expect([run.result.status, event.result.status]).toEqual([202, 202]);
    runIds.push(run.result.body.id);
    eventId = event.result.body.id;
    // Normal latency: nothing waited for Temporal's client retries (about 20 s before this change).
    expect(run.ms).toBeLessThan(2000);
    expect(event.ms).toBeLessThan(2000);

    const waiting = await waitFor(
      () => api('GET', `/v1/task-runs/${runIds[0]}`),
      (r) => /waiting for the workflow engine/.test(r.body.statusReason ?? ''),
    );
    expect(waiting.body.status).toBe('pending');
    const health = await fetch(`${away.url}/healthz`);
    const body = await health.json();
    expect(health.status).toBe(200);
    expect(body).toMatchObject({ database: 'up', temporal: 'down', status: 'degraded' });
    expect((await fetch(`${away.url}/readyz`)).status).toBe(503);
  });

  it('a full backlog answers 503 with Retry-After and stores nothing more', async () => {
    for (let n = 1; n < BACKLOG_LIMIT - 1; n++) {
      const res = await api('POST', '/v1/task-runs', { endpointId: endpoint.id, payload: { n } }, { baseUrl: away.url });
      expect(res.status).toBe(202);
      runIds.push(res.body.id);
    }
    // The backlog is read by the dispatcher's sweep (every 100 ms here).
    await waitFor(async () => (await fetch(`${away.url}/healthz`)).json(), (b: any) => b.dispatchBacklog >= BACKLOG_LIMIT);
    const rowsBefore = await db.taskRun.count({ where: { endpointId: endpoint.id } });
    const refused = await fetch(`${away.url}/v1/task-runs`, {
      method: 'POST',
      headers: { authorization: `Bearer ${inject('apiKey')}`, 'content-type': 'application/json' },
      body: JSON.stringify({ endpointId: endpoint.id, payload: { n: 'over' } }),
    });
    expect(refused.status).toBe(503);
    expect(refused.headers.get('retry-after')).toBe('5');
    expect(await refused.json()).toMatchObject({ title: 'Backlog full', status: 503 });
    expect((await api('POST', '/v1/events', { type: EVENT_TYPE, payload: {} }, { baseUrl: away.url })).status).toBe(503);
    expect(await db.taskRun.count({ where: { endpointId: endpoint.id } })).toBe(rowsBefore);
    const metrics = await (await fetch(`${away.url}/metrics`)).text();
    expect(metrics).toMatch(new RegExp(`^edgecron_dispatch_backlog ${BACKLOG_LIMIT}$`, 'm'));
    expect(metrics).toMatch(/^edgecron_dispatch_backlog_oldest_seconds \d/m);
  });

  it('once a process that reaches Temporal serves the queue, every accepted run and event is delivered once', async () => {
    const config = settings();
    back = await startApiServer(config, inject('databaseUrl'), inject('temporalAddress'));
    worker = await startWorkerProcess(config, inject('databaseUrl'), inject('temporalAddress'));
    const eventRun = await waitFor(() => db.taskRun.findFirst({ where: { eventId } }), (r) => r !== null, 60_000);
    const all = [...runIds, eventRun!.id];
    const final = await waitFor(
      () => db.taskRun.findMany({ where: { id: { in: all } } }),
      (rows) => rows.every((r) => r.status === 'success'),
      60_000,
    );
    expect(final.map((r) => r.statusReason)).toEqual(all.map(() => null));
    expect(receiver.requests.map((r) => r.headers['webhook-id']).sort()).toEqual(final.map((r) => r.webhookId).sort());
    expect(receiver.requests.every((r) => r.signatureValid)).toBe(true);
    // A dispatcher deletes its rows once its whole batch has settled, which can be just after the
    // last run's delivery: the outbox empties, it does not have to be empty already.
    const left = await waitFor(
      async () => (await db.pendingStart.findMany({ where: { taskQueue: QUEUE }, select: { key: true, tries: true, lastError: true } })),
      (rows) => rows.length === 0,
      30_000,
    );
    expect(left).toEqual([]);
  });
});
