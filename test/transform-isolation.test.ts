// Isolation: an endpoint whose function loops until its time limit on every call cannot hold back
// another endpoint's deliveries. 200 runs to it beside 20 runs to a healthy endpoint with a light
// function: every healthy run reaches its receiver within 10 s of being accepted (the issue's own
// behaviour bound), and every looping run ends a dead letter (transformation_failed) with no call.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { api, waitFor } from './helpers/api';
import { endpointFor } from './helpers/endpoints';
import { respondWith, startReceiver, type Receiver } from './helpers/receiver';

let receiver: Receiver;
beforeAll(async () => {
  receiver = await startReceiver(respondWith(200));
});
afterAll(() => receiver?.close());

const LOOPING = 200;
const HEALTHY = 20;

async function accept(endpointId: string, payload: unknown): Promise<{ id: string; acceptedAt: number }> {
  const res = await api('POST', '/v1/task-runs', { endpointId, payload });
  expect(res.status).toBe(202);
  return { id: res.body.id, acceptedAt: Date.now() };
}

describe('transformation isolation', () => {
  it('delivers a healthy endpoint within 10 s while another endpoint\'s function runs to its time limit on every call', { timeout: 240_000 }, async () => {
    const looping = await endpointFor(receiver, { url: `${receiver.url}/looping`, transformation: { code: 'function handler(w) { for (;;) {} }' } });
    const healthy = await endpointFor(receiver, {
      url: `${receiver.url}/healthy`,
      transformation: { code: 'function handler(w) { w.payload = { n: w.payload.n, light: true }; w.headers["x-light"] = "1"; return w }' },
    });

    // Side by side: one healthy run after every ten looping ones, ten requests at a time.
    const loopingRuns: Array<Promise<{ id: string }>> = [];
    const healthyRuns: Array<{ id: string; acceptedAt: number; n: number }> = [];
    for (let batch = 0; batch < LOOPING / 10; batch++) {
      loopingRuns.push(...Array.from({ length: 10 }, (_, i) => accept(looping.id, { n: batch * 10 + i })));
      await Promise.all(loopingRuns.slice(-10));
      healthyRuns.push({ ...(await accept(healthy.id, { n: batch })), n: batch });
    }
    expect(healthyRuns).toHaveLength(HEALTHY);

    const received = await waitFor(
      async () => receiver.requests.filter((r) => r.path === '/hook/healthy'),
      (r) => r.length >= HEALTHY,
      60_000,
      100,
    );
    const lateness = healthyRuns.map((run) => {
      const got = received.find((r) => JSON.parse(r.body).n === run.n)!;
      expect(got.signatureValid).toBe(true);
      expect(got.headers['x-light']).toBe('1');
      return got.at - run.acceptedAt;
    });
    console.log(`healthy runs: delivered ${Math.min(...lateness)}–${Math.max(...lateness)} ms after acceptance`);
    for (const ms of lateness) expect(ms).toBeLessThan(10_000);

    // Every looping run ends a dead letter without a call.
    const ids = (await Promise.all(loopingRuns)).map((r) => r.id);
    await waitFor(
      async () => (await api('GET', `/v1/task-runs?endpointId=${looping.id}&status=dead_letter&limit=100`)).body.data.length,
      (n) => n >= 100,
      180_000,
      1000,
    );
    const last = await waitFor(() => api('GET', `/v1/task-runs/${ids[ids.length - 1]}`), (r) => r.body.status === 'dead_letter', 180_000, 1000);
    expect(last.body.statusReason).toMatch(/time limit/);
    expect(receiver.requests.filter((r) => r.path === '/hook/looping')).toHaveLength(0);
  });
});
