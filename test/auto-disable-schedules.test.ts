// Auto-disable on the dev server: an endpoint whose calls have all failed for the period (2 s here,
// on a worker and API of their own task queue) is disabled and its schedules are paused in Temporal,
// as a disable through the API does. The period itself is proven in days by auto-disable.timeskip.test.ts.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freePort } from '../src/stack/free-port';
import { api, waitFor } from './helpers/api';
import { createPolicy } from './helpers/dead-letters';
import { endpointFor } from './helpers/endpoints';
import { respondWith, startReceiver, type Receiver } from './helpers/receiver';
import { startSideProcess, type SideProcess } from './helpers/side-process';
import { useTemporalClient } from './helpers/temporal-client';

const taskQueue = `auto-disable-schedules-${process.pid}`;
let sideApi: SideProcess;
let worker: SideProcess;
let apiUrl: string;
let receiver: Receiver;
const temporal = useTemporalClient();

beforeAll(async () => {
  const port = await freePort();
  apiUrl = `http://127.0.0.1:${port}`;
  const env = { ENDPOINT_AUTO_DISABLE_AFTER_MS: '2000' };
  [sideApi, worker] = await Promise.all([
    startSideProcess('api', taskQueue, { ...env, PORT: String(port) }, 'API listening'),
    startSideProcess('worker', taskQueue, env, 'worker running'),
  ]);
}, 180_000);

afterAll(async () => {
  await receiver?.close();
  await worker?.stop();
  await sideApi?.stop();
});

describe('auto-disable', () => {
  it('disables an endpoint whose calls all failed for the period and pauses its schedules in Temporal', async () => {
    receiver = await startReceiver(respondWith(503));
    const policy = await createPolicy({ strategy: 'fixed', initialIntervalMs: 300, maxIntervalMs: 300, maxAttempts: 50 });
    // No circuit breaker: every retry is a call, so the failures span the period.
    const endpoint = await endpointFor(receiver, { retryPolicyId: policy.id, circuitBreaker: null });
    const schedule = await api('POST', '/v1/schedules', { endpointId: endpoint.id, cron: '0 9 * * *', payload: {} }, { baseUrl: apiUrl });
    expect(schedule.status).toBe(201);
    const handle = temporal().schedule.getHandle(schedule.body.temporalScheduleId);
    expect((await handle.describe()).state.paused).toBe(false);

    expect((await api('POST', '/v1/task-runs', { endpointId: endpoint.id, payload: {} }, { baseUrl: apiUrl })).status).toBe(202);
    const disabled = await waitFor(async () => (await api('GET', `/v1/endpoints/${endpoint.id}`)).body, (e) => e.status === 'disabled', 30_000, 200);
    expect(disabled.statusReason).toMatch(/auto-disabled: every call failed for 2 s/);

    const described = await waitFor(() => handle.describe(), (d) => d.state.paused, 10_000, 200);
    expect(described.state.note).toBe(`endpoint ${endpoint.id} is disabled`);
    expect((await api('GET', `/v1/schedules/${schedule.body.id}`)).body.state).toBe('endpoint_paused');
  }, 120_000);
});
