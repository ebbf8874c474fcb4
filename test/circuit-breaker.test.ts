// The circuit breaker: a failing receiver opens its endpoint's circuit after the threshold, then gets
// about one probe call per interval instead of every run's every attempt; the waiting runs spend no
// attempts, say why they wait, and all succeed once a probe finds the receiver back. Openings and
// closings are published as system events operators can subscribe to.
import { afterEach, describe, expect, inject, it } from 'vitest';
import { api, runUntilFinal, sleep, waitFor } from './helpers/api';
import { createPolicy } from './helpers/dead-letters';
import { endpointFor } from './helpers/endpoints';
import { startReceiver, type Receiver } from './helpers/receiver';

let receiver: Receiver;
afterEach(async () => receiver?.close());

const endpointOf = async (id: string) => (await api('GET', `/v1/endpoints/${id}`)).body;
const eventsFor = async (type: string, endpointId: string) =>
  ((await api('GET', `/v1/events?type=${type}&limit=100`)).body.data as any[]).filter((e) => e.payload.endpointId === endpointId);

describe('circuit breaker', () => {
  it('opens after 3 consecutive failures, probes about once per interval, and every run succeeds after recovery', async () => {
    let recovered = false;
    receiver = await startReceiver((_req, _i, res) => res.writeHead(recovered ? 200 : 503).end());
    const policy = await createPolicy({ strategy: 'fixed', initialIntervalMs: 200, maxIntervalMs: 200, maxAttempts: 100 });
    const endpoint = await endpointFor(receiver, { retryPolicyId: policy.id, circuitBreaker: { consecutiveFailures: 3, probeIntervalMs: 2000 } });
    expect(endpoint.circuitBreaker).toEqual({ consecutiveFailures: 3, probeIntervalMs: 2000 });
    expect(endpoint.circuit).toMatchObject({ state: 'closed', openedAt: null });

    const ids: string[] = [];
    for (let i = 0; i < 5; i++) ids.push((await api('POST', '/v1/task-runs', { endpointId: endpoint.id, payload: { i } })).body.id);

    const opened = await waitFor(() => endpointOf(endpoint.id), (e) => e.circuit.state !== 'closed', 30_000, 100);
    expect(opened.circuit.openedAt).not.toBeNull();
    expect(opened.circuit.lastFailure).toContain('503');
    await sleep(500); // calls that were already in flight when it opened land
    const atOpen = receiver.requests.length;
    await sleep(6000);
    const duringOpen = receiver.requests.length - atOpen;
    // About one probe per 2 s interval (3 in 6 s), not 5 runs × 5 retries per second.
    expect(duringOpen).toBeGreaterThanOrEqual(2);
    expect(duringOpen).toBeLessThanOrEqual(5);
    const waiting = (await api('GET', `/v1/task-runs?endpointId=${endpoint.id}&limit=10`)).body.data as any[];
    expect(waiting.some((r) => r.status === 'pending' && /circuit open/.test(r.statusReason ?? ''))).toBe(true);
    expect(await eventsFor('edgecron.endpoint.circuit_opened', endpoint.id)).toHaveLength(1);
    // Operators see it in the metrics too.
    const metrics = await (await fetch(`${inject('apiUrl')}/metrics`)).text();
    const gauge = (line: string) => Number(metrics.split('\n').find((l) => l.startsWith(line))?.split(' ').pop());
    expect(gauge('edgecron_endpoints_by_state{state="circuit_open"}') + gauge('edgecron_endpoints_by_state{state="circuit_half_open"}')).toBeGreaterThanOrEqual(1);
    expect(gauge('edgecron_runs_waiting{reason="circuit_open"}')).toBeGreaterThanOrEqual(1);

    recovered = true;
    const runs = await Promise.all(ids.map((id) => runUntilFinal(id, 60_000)));
    expect(runs.map((r) => r.status)).toEqual(ids.map(() => 'success'));
    // Attempts count real calls only: every recorded attempt is a request the receiver got.
    const attempts = runs.reduce((n, r) => n + r.attemptCount, 0);
    expect(attempts).toBe(receiver.requests.length);
    expect((await endpointOf(endpoint.id)).circuit).toMatchObject({ state: 'closed', openedAt: null, nextProbeAt: null });
    await waitFor(() => eventsFor('edgecron.endpoint.circuit_closed', endpoint.id), (e) => e.length === 1);
  }, 120_000);

  it('below the threshold, retries and dead letters behave as before; null turns the breaker off', async () => {
    receiver = await startReceiver((_req, _i, res) => res.writeHead(503).end());
    const policy = await createPolicy({ strategy: 'fixed', initialIntervalMs: 100, maxIntervalMs: 100, maxAttempts: 4 });
    const endpoint = await endpointFor(receiver, { retryPolicyId: policy.id, circuitBreaker: null });
    expect(endpoint.circuitBreaker).toBeNull();
    const run = (await api('POST', '/v1/task-runs', { endpointId: endpoint.id, payload: {} })).body;
    expect(await runUntilFinal(run.id)).toMatchObject({ status: 'dead_letter', attemptCount: 4 });
    expect((await endpointOf(endpoint.id)).circuit.state).toBe('closed');

    const patched = await api('PATCH', `/v1/endpoints/${endpoint.id}`, { circuitBreaker: { consecutiveFailures: 10 } });
    expect(patched.body.circuitBreaker).toEqual({ consecutiveFailures: 10, probeIntervalMs: 30000 });
  }, 60_000);
});
