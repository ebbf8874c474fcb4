// The read-only aggregates behind the console's overview, and the dead-letter filters the console
// adds (event type for the list and bulk replay, task run for the list).
import { afterEach, describe, expect, it } from 'vitest';
import { api, runUntilFinal, waitFor } from './helpers/api';
import { createRun, deadLetterOf, fastPolicy } from './helpers/dead-letters';
import { endpointFor } from './helpers/endpoints';
import { respondWith, startReceiver, type Receiver } from './helpers/receiver';

const receivers: Receiver[] = [];
afterEach(async () => {
  for (const r of receivers.splice(0)) await r.close();
});

async function receiverAnswering(status: number) {
  const r = await startReceiver(respondWith(status));
  receivers.push(r);
  return r;
}

describe('GET /v1/stats/overview', () => {
  it('counts runs per status, attempts per minute, and lists a failing endpoint with its rate and state', async () => {
    const failing = await endpointFor(await receiverAnswering(500), { retryPolicyId: (await fastPolicy(3)).id });
    const healthy = await endpointFor(await receiverAnswering(200));
    const before = (await api('GET', '/v1/stats/overview')).body;
    await deadLetterOf(failing.id);
    expect((await runUntilFinal((await createRun(healthy.id)).id)).status).toBe('success');

    const res = await api('GET', '/v1/stats/overview');
    expect(res.status).toBe(200);
    const stats = res.body;
    const grew = (status: string) => (stats.taskRuns.lastHour[status] ?? 0) - (before.taskRuns.lastHour[status] ?? 0);
    expect(grew('dead_letter')).toBeGreaterThanOrEqual(1);
    // Temporal is up: whatever was accepted is started within moments, nothing waits for long.
    expect(stats.dispatch.backlog).toBeGreaterThanOrEqual(0);
    expect(stats.dispatch.oldestSeconds).toBeLessThan(5);
    expect(grew('success')).toBeGreaterThanOrEqual(1);
    for (const [status, n] of Object.entries(stats.taskRuns.lastHour)) expect(stats.taskRuns.lastDay[status]).toBeGreaterThanOrEqual(n as number);

    // Sixty whole minutes, oldest first, ending with the current one.
    const minutes = stats.deliveriesPerMinute;
    expect(minutes).toHaveLength(60);
    for (let i = 1; i < 60; i++) expect(Date.parse(minutes[i].minute) - Date.parse(minutes[i - 1].minute)).toBe(60_000);
    expect(Date.parse(minutes[59].minute)).toBeLessThanOrEqual(Date.parse(stats.generatedAt));
    expect(Date.parse(stats.generatedAt) - Date.parse(minutes[59].minute)).toBeLessThan(60_000);
    const sum = (key: 'success' | 'failed', list: any[]) => list.reduce((n, m) => n + m[key], 0);
    expect(sum('failed', minutes) - sum('failed', before.deliveriesPerMinute)).toBeGreaterThanOrEqual(3);

    const listed = stats.failingEndpoints.find((e: any) => e.endpointId === failing.id);
    expect(listed).toEqual({ endpointId: failing.id, url: failing.url, status: 'active', attempts: 3, failures: 3, failureRate: 1 });
    expect(stats.failingEndpoints.some((e: any) => e.endpointId === healthy.id)).toBe(false);

    await api('POST', `/v1/endpoints/${failing.id}/pause`);
    const paused = (await api('GET', '/v1/stats/overview')).body.failingEndpoints.find((e: any) => e.endpointId === failing.id);
    expect(paused?.status).toBe('paused');
  });
});

describe('dead-letter filters used by the console', () => {
  it('eventType narrows the list and the bulk replay; taskRunId finds the one dead letter of a run', async () => {
    const receiver = await receiverAnswering(404);
    const endpoint = await endpointFor(receiver, { eventTypes: ['console.filter.*'] });
    const published = await api('POST', '/v1/events', { type: 'console.filter.failed', payload: { n: 1 } });
    expect(published.status).toBe(202);
    const list = (q: string) => api('GET', `/v1/dead-letters?endpointId=${endpoint.id}&${q}`);
    const [dl] = (await waitFor(() => list('eventType=console.filter.failed'), (r) => r.body.data.length === 1, 20_000)).body.data;
    // A dead letter of a direct run (no event) is left out by an event type filter.
    const direct = await deadLetterOf(endpoint.id);
    expect((await list('')).body.data).toHaveLength(2);
    expect((await list('eventType=console.filter.other')).body.data).toHaveLength(0);
    expect((await list(`taskRunId=${direct.run.id}`)).body.data.map((d: any) => d.id)).toEqual([direct.deadLetter.id]);
    expect((await list(`taskRunId=${dl.taskRunId}`)).body.data.map((d: any) => d.id)).toEqual([dl.id]);

    const dryRun = (eventType: string) => api('POST', '/v1/dead-letters/replay', { endpointId: endpoint.id, eventType, dryRun: true });
    expect((await dryRun('console.filter.failed')).body.count).toBe(1);
    expect((await dryRun('console.filter.other')).body.count).toBe(0);
    const bad = await api('POST', '/v1/dead-letters/replay', { endpointId: endpoint.id, eventType: 7, dryRun: true });
    expect(bad.status).toBe(400);
    expect(bad.body.errors[0].field).toBe('eventType');
  });
});
