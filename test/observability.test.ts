// What an operator sees: runs findable by search attribute (as the Web UI filters them), metrics
// that move, endpoint health, and logs without secrets.
import { readFile } from 'node:fs/promises';
import { afterEach, describe, expect, inject, it } from 'vitest';
import { api, runUntilFinal, waitFor } from './helpers/api';
import { createPolicy } from './helpers/dead-letters';
import { createEndpoint, endpointFor } from './helpers/endpoints';
import { respondInSequence, respondWith, startReceiver, type Receiver } from './helpers/receiver';
import { useTemporalClient, workflowIdsFound } from './helpers/temporal-client';

let receiver: Receiver;
const temporal = useTemporalClient();

afterEach(async () => receiver?.close());

async function deliverOnce(responder = respondWith(200)) {
  receiver = await startReceiver(responder);
  const endpoint = await endpointFor(receiver);
  const run = (await api('POST', '/v1/task-runs', { endpointId: endpoint.id, payload: { card: '4242-secret-payload' } })).body;
  const final = await runUntilFinal(run.id);
  return { endpoint, run, final };
}

async function scrape(): Promise<string> {
  return (await fetch(`${inject('apiUrl')}/metrics`)).text();
}

function sample(text: string, name: string, labels: Record<string, string>): number {
  const wanted = Object.entries(labels).map(([k, v]) => `${k}="${v}"`);
  const line = text.split('\n').find((l) => (l.startsWith(`${name}{`) || l.startsWith(`${name} `)) && wanted.every((w) => l.includes(w)));
  return line ? Number(line.split(' ').pop()) : 0;
}

const workflowIds = (query: string) => workflowIdsFound(temporal(), query);

/** Delivered runs, as docs/observability.md writes the query. */
const DELIVERED = `ExecutionStatus = 'Completed' AND (EdgeCronStatus IS NULL OR EdgeCronStatus = 'success')`;

/** The runs of an endpoint whose EdgeCronStatus is `status`, once there is exactly one. */
const statusIs = (endpointId: string, status: string) =>
  waitFor(() => workflowIds(`EdgeCronEndpointId = '${endpointId}' AND EdgeCronStatus = '${status}'`), (ids) => ids.length === 1);

describe('observability', () => {
  it('finds runs through Temporal visibility by endpoint id, trigger and status', async () => {
    const { endpoint, run } = await deliverOnce();
    const byEndpoint = await waitFor(() => workflowIds(`EdgeCronEndpointId = '${endpoint.id}'`), (ids) => ids.length === 1);
    expect(byEndpoint).toEqual([run.workflowId]);
    // Delivered on the happy path: no status write; the documented query for delivered runs finds it.
    const byAll = await waitFor(
      () => workflowIds(`EdgeCronEndpointId = '${endpoint.id}' AND EdgeCronTrigger = 'api' AND ${DELIVERED}`),
      (ids) => ids.length === 1,
    );
    expect(byAll).toEqual([run.workflowId]);
    const description = await temporal().workflow.getHandle(run.workflowId).describe();
    expect(description.searchAttributes.EdgeCronStatus).toBeUndefined();
    expect(await description.memo).toMatchObject({ endpointUrl: receiver.url, payloadBytes: JSON.stringify({ card: '4242-secret-payload' }).length });
  });

  it('finds a dead letter among failed workflows, and a run delivered after a retry among delivered ones', async () => {
    const dead = await deliverOnce(respondWith(400));
    expect(dead.final.status).toBe('dead_letter');
    const failed = await waitFor(() => workflowIds(`EdgeCronEndpointId = '${dead.endpoint.id}' AND ExecutionStatus = 'Failed'`), (ids) => ids.length === 1);
    expect(failed).toEqual([dead.run.workflowId]);
    expect(await statusIs(dead.endpoint.id, 'dead_letter')).toEqual([dead.run.workflowId]);
    await receiver.close();

    // A retry showed retry_scheduled, so its outcome replaces it: still found by the same query.
    const retried = await deliverOnce(respondInSequence(503, 200));
    expect(retried.final.status).toBe('success');
    expect(await statusIs(retried.endpoint.id, 'success')).toEqual([retried.run.workflowId]);
    const delivered = await waitFor(() => workflowIds(`EdgeCronEndpointId = '${retried.endpoint.id}' AND ${DELIVERED}`), (ids) => ids.length === 1);
    expect(delivered).toEqual([retried.run.workflowId]);
  });

  it('keeps EdgeCronStatus current through a retry: retry_scheduled, running again, retry_scheduled, then cancelled', async () => {
    // Attempt 1 fails fast, attempt 2 hangs until the endpoint timeout, attempt 3 would be 90 s away.
    receiver = await startReceiver((_req, i, res) => void (i === 0 && res.writeHead(500).end()));
    const policy = await createPolicy({ strategy: 'exponential', initialIntervalMs: 3000, coefficient: 30, maxIntervalMs: 90_000, maxAttempts: 5 });
    const endpoint = await createEndpoint({ url: receiver.url, retryPolicyId: policy.id, timeoutMs: 3000 });
    const run = (await api('POST', '/v1/task-runs', { endpointId: endpoint.id, payload: {} })).body;

    expect(await statusIs(endpoint.id, 'retry_scheduled')).toEqual([run.workflowId]);
    await receiver.waitForRequests(2);
    expect(await statusIs(endpoint.id, 'running')).toEqual([run.workflowId]);
    expect((await api('GET', `/v1/task-runs/${run.id}`)).body.status).toBe('running');
    expect(await statusIs(endpoint.id, 'retry_scheduled')).toEqual([run.workflowId]);
    expect(receiver.requests).toHaveLength(2);
    expect((await api('POST', `/v1/task-runs/${run.id}/cancel`)).status).toBe(200);
    expect(await statusIs(endpoint.id, 'cancelled')).toEqual([run.workflowId]);
  });

  it('shows a first attempt that takes more than a second as running, then its outcome', async () => {
    receiver = await startReceiver((_req, _i, res) => void setTimeout(() => res.writeHead(200).end(), 4000));
    const endpoint = await createEndpoint({ url: receiver.url, timeoutMs: 10_000 });
    const run = (await api('POST', '/v1/task-runs', { endpointId: endpoint.id, payload: {} })).body;
    expect(await statusIs(endpoint.id, 'running')).toEqual([run.workflowId]);
    expect(receiver.requests).toHaveLength(1);
    expect(await statusIs(endpoint.id, 'success')).toEqual([run.workflowId]);
  });

  it('scrapes /metrics before and after deliveries and sees the counters move', async () => {
    const before = await scrape();
    await deliverOnce(respondInSequence(503, 200));
    expect((await api('POST', '/v1/task-runs', {})).status).toBe(400);
    expect((await api('GET', '/v1/task-runs/run_missing')).status).toBe(404);
    const after = await scrape();
    const delta = (name: string, labels: Record<string, string>) => sample(after, name, labels) - sample(before, name, labels);
    // Other runs of the shared stack may move the counters too: at least ours must show.
    expect(delta('edgecron_deliveries_total', { outcome: 'success', status_class: '2xx' })).toBeGreaterThanOrEqual(1);
    expect(delta('edgecron_deliveries_total', { outcome: 'retry', status_class: '5xx' })).toBeGreaterThanOrEqual(1);
    expect(delta('edgecron_retries_scheduled_total', {})).toBeGreaterThanOrEqual(1);
    expect(delta('edgecron_delivery_latency_seconds_count', { status_class: '2xx' })).toBeGreaterThanOrEqual(1);
    expect(delta('edgecron_api_request_duration_seconds_count', { method: 'POST', route: '/v1/task-runs', status: '202' })).toBeGreaterThanOrEqual(1);
    // Errors count under their route too, not under an empty one.
    expect(delta('edgecron_api_request_duration_seconds_count', { method: 'POST', route: '/v1/task-runs', status: '400' })).toBeGreaterThanOrEqual(1);
    expect(delta('edgecron_api_request_duration_seconds_count', { method: 'GET', route: '/v1/task-runs/:id', status: '404' })).toBeGreaterThanOrEqual(1);
    expect(after).not.toContain('route=""');
  });

  it('reports endpoint health over a window', async () => {
    const { endpoint } = await deliverOnce(respondInSequence(500, 200));
    const stats = await api('GET', `/v1/endpoints/${endpoint.id}/stats?windowMinutes=60`);
    expect(stats.status).toBe(200);
    expect(stats.body).toMatchObject({ attempts: 2, successes: 1, failures: 1, successRate: 0.5 });
    expect(stats.body.latencyMs.p50).toBeGreaterThanOrEqual(0);
    expect(stats.body.lastFailure).toMatchObject({ statusCode: 500, errorKind: 'http' });
    expect((await api('GET', `/v1/endpoints/${endpoint.id}/stats?windowMinutes=0`)).status).toBe(400);
  });

  it('logs each attempt with its ids, and never the signing secret, the signature or the payload', async () => {
    const { endpoint, run } = await deliverOnce(respondInSequence(500, 200));
    const signatures = receiver.requests.map((r) => r.headers['webhook-signature'].split(',')[1]);
    const log = await waitFor(() => readFile(inject('logFile'), 'utf8'), (text) => text.split('\n').some((l) => l.includes(run.id) && l.includes('"attempt":2')));
    const lines = log.split('\n').filter((l) => l.includes(run.id));
    expect(lines.some((l) => l.includes('"msg":"delivery attempt"') && l.includes(endpoint.id) && l.includes('"traceId"'))).toBe(true);
    expect(log).not.toContain(endpoint.secret.slice('whsec_'.length));
    for (const signature of signatures) expect(log).not.toContain(signature);
    expect(log).not.toContain('4242-secret-payload');
  });
});
