// Schedules while Temporal cannot be reached, whether it refuses connections or accepts them and never
// answers (a frozen server): schedule writes answer 503 with Retry-After within 2 s and change nothing,
// an endpoint pause still takes effect, an endpoint resume is refused, and schedule views answer from
// the database with computed next fire times. A second API process runs on the suite's real database
// with its Temporal address pointed at such a dead end; the suite's own API and the real Temporal show
// what was, or was not, changed.
import { createServer, type Server, type Socket } from 'node:net';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { loadConfig } from '../src/config';
import { startApiServer, type RunningApi } from '../src/runtime/api-server';
import { freePort } from '../src/stack/free-port';
import { api, authHeaders } from './helpers/api';
import { createEndpoint } from './helpers/endpoints';
import { useTemporalClient } from './helpers/temporal-client';

/** What the API promises while Temporal is away. */
const ANSWER_WITHIN_MS = 2000;

interface DeadTemporal {
  address: string;
  close(): Promise<void>;
}

/** Accepts TCP connections and never says a word, like a Temporal frozen with SIGSTOP. */
async function frozenTemporal(): Promise<DeadTemporal> {
  const sockets = new Set<Socket>();
  const server: Server = createServer((socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
    socket.on('error', () => {});
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  return {
    address: `127.0.0.1:${port}`,
    close: () => new Promise((resolve) => {
      for (const s of sockets) s.destroy();
      server.close(() => resolve());
    }),
  };
}

/** A port nobody listens on: connections are refused, like a stopped Temporal. */
async function stoppedTemporal(): Promise<DeadTemporal> {
  return { address: `127.0.0.1:${await freePort()}`, close: async () => {} };
}

async function startApiWithout(temporal: DeadTemporal): Promise<RunningApi> {
  const config = loadConfig({
    PATH: process.env.PATH,
    PORT: '0',
    LOG_LEVEL: 'silent',
    TEMPORAL_TASK_QUEUE: 'edgecron-test',
    EDGECRON_SECRET_KEY: inject('secretKey'),
    EDGECRON_BOOTSTRAP_API_KEY: inject('apiKey'),
    RATE_LIMIT_PER_SECOND: '0',
  });
  return startApiServer(config, inject('databaseUrl'), temporal.address);
}

const temporal = useTemporalClient();

const describeTemporal = (id: string) => temporal().schedule.getHandle(`schedule/${id}`).describe();

for (const [how, start] of [['frozen (accepts, never answers)', frozenTemporal], ['stopped (refuses connections)', stoppedTemporal]] as const) {
  describe(`while Temporal is ${how}`, () => {
    let dead: DeadTemporal;
    let cut: RunningApi;
    let endpointId: string;
    let schedule: any;

    /** A call to the API that cannot reach Temporal, timed, with its Retry-After. */
    async function call(method: string, path: string, body?: unknown) {
      const started = performance.now();
      const res = await fetch(cut.url + path, {
        method,
        headers: { ...authHeaders(), ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
        body: body === undefined ? undefined : JSON.stringify(body),
      });
      const text = await res.text();
      return {
        status: res.status,
        ms: performance.now() - started,
        retryAfter: res.headers.get('retry-after'),
        contentType: res.headers.get('content-type'),
        body: text ? JSON.parse(text) : undefined,
      };
    }

    function expectRefusedInTime(res: Awaited<ReturnType<typeof call>>) {
      expect(res.status, JSON.stringify(res.body)).toBe(503);
      expect(res.ms).toBeLessThan(ANSWER_WITHIN_MS);
      expect(Number(res.retryAfter)).toBeGreaterThan(0);
      expect(res.contentType).toContain('application/problem+json');
      expect(res.body).toMatchObject({ status: 503, title: 'Temporal unavailable' });
      expect(res.body.detail).toMatch(/nothing was changed/);
    }

    beforeAll(async () => {
      dead = await start();
      cut = await startApiWithout(dead);
      endpointId = (await createEndpoint({ url: 'https://example.com/outage' })).id;
      const created = await api('POST', '/v1/schedules', { endpointId, cron: '0 9 * * 1-5', timezone: 'Europe/Berlin', payload: { v: 1 } });
      expect(created.status).toBe(201);
      schedule = created.body;
      // A running API, not a cold one: its first request pays for connections and lazy loading.
      expect((await call('GET', `/v1/schedules/${schedule.id}`)).status).toBe(200);
    });
    afterAll(async () => {
      // The client retries refused calls with backoff; a retry due after a request gave up fails at once
      // (past its deadline) but throws if the channel is already closed. Let those run out first.
      await new Promise((resolve) => setTimeout(resolve, 3000));
      await cut?.close();
      await dead?.close();
    });

    it('creating a schedule answers 503 + Retry-After within 2 s and stores nothing', async () => {
      const res = await call('POST', '/v1/schedules', { endpointId, cron: '*/5 * * * *', payload: {} });
      expectRefusedInTime(res);
      const listed = await api('GET', `/v1/schedules?endpointId=${endpointId}`);
      expect(listed.body.data.map((s: any) => s.id)).toEqual([schedule.id]);
    });

    it('changing, pausing, triggering and deleting answer 503 + Retry-After within 2 s and change nothing', async () => {
      expectRefusedInTime(await call('PATCH', `/v1/schedules/${schedule.id}`, { cron: '0 10 * * *', payload: { v: 2 } }));
      expectRefusedInTime(await call('POST', `/v1/schedules/${schedule.id}/pause`, { note: 'outage' }));
      expectRefusedInTime(await call('POST', `/v1/schedules/${schedule.id}/trigger`));
      expectRefusedInTime(await call('DELETE', `/v1/schedules/${schedule.id}`));

      const row = (await api('GET', `/v1/schedules/${schedule.id}`)).body;
      expect(row).toMatchObject({ cron: '0 9 * * 1-5', payload: { v: 1 }, paused: false, note: null, state: 'active' });
      expect(row.updatedAt).toBe(schedule.updatedAt);
      expect((await api('GET', `/v1/schedules/${schedule.id}/runs`)).body.data).toEqual([]);
      const inTemporal = await describeTemporal(schedule.id);
      expect(inTemporal.state.paused).toBe(false);
      expect(inTemporal.info.recentActions).toEqual([]);
    });

    it('reading a schedule answers 200 within 2 s with next fire times computed from the database', async () => {
      const res = await call('GET', `/v1/schedules/${schedule.id}`);
      expect(res.status).toBe(200);
      expect(res.ms).toBeLessThan(ANSWER_WITHIN_MS);
      const fromTemporal = (await api('GET', `/v1/schedules/${schedule.id}`)).body;
      expect(fromTemporal.nextFireTimesSource).toBe('temporal');
      expect(res.body).toMatchObject({ id: schedule.id, state: 'active', nextFireTimesSource: 'computed', nextFireTimes: fromTemporal.nextFireTimes });
      expect(res.body.nextFireTimes).toHaveLength(5);
      expect(res.body.recentFires).toBeUndefined();

      const list = await call('GET', `/v1/schedules?endpointId=${endpointId}`);
      expect(list.status).toBe(200);
      expect(list.body.data[0]).toMatchObject({ id: schedule.id, nextFireTimesSource: 'computed', nextFireTimes: fromTemporal.nextFireTimes });
    });

    it('pausing the endpoint takes effect within 2 s and names the schedules Temporal did not hear about; resuming it is refused', async () => {
      const paused = await call('POST', `/v1/endpoints/${endpointId}/pause`);
      expect(paused.status, JSON.stringify(paused.body)).toBe(200);
      expect(paused.ms).toBeLessThan(ANSWER_WITHIN_MS);
      expect(paused.body).toMatchObject({ status: 'paused', schedules: { paused: [], failed: [schedule.id] } });
      expect((await api('GET', `/v1/endpoints/${endpointId}`)).body.status).toBe('paused');
      // The schedule's fires read the endpoint and skip; Temporal itself was not told.
      expect((await api('GET', `/v1/schedules/${schedule.id}`)).body.state).toBe('endpoint_paused');
      expect((await describeTemporal(schedule.id)).state.paused).toBe(false);

      const resumed = await call('POST', `/v1/endpoints/${endpointId}/resume`);
      expectRefusedInTime(resumed);
      expect((await api('GET', `/v1/endpoints/${endpointId}`)).body.status).toBe('paused');

      // With Temporal back (the suite's API), the resume goes through and sets the schedule again.
      const back = await api('POST', `/v1/endpoints/${endpointId}/resume`);
      expect(back.body).toMatchObject({ status: 'active', schedules: { resumed: [schedule.id], stillPaused: [] } });
      expect((await describeTemporal(schedule.id)).state.paused).toBe(false);
    });
  });
}
