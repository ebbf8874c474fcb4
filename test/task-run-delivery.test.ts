// End to end: API → Temporal TaskRun workflow → undici → a real receiver that verifies signatures.
import { afterEach, describe, expect, it } from 'vitest';
import { api, runUntilFinal, sleep, waitFor } from './helpers/api';
import { endpointFor } from './helpers/endpoints';
import { neverRespond, respondInSequence, respondWith, startReceiver, type Receiver } from './helpers/receiver';
import { useTemporalClient } from './helpers/temporal-client';

let receiver: Receiver;
const temporal = useTemporalClient();

afterEach(async () => receiver?.close());

async function createRun(endpointId: string, extra: Record<string, unknown> = {}) {
  const res = await api('POST', '/v1/task-runs', { endpointId, payload: { invoice: 'inv_1', amount: 42 }, ...extra });
  expect(res.status).toBe(202);
  return res.body;
}

describe('a task run delivers a signed webhook', () => {
  it('when the receiver answers 2xx, the run succeeds with one attempt', async () => {
    receiver = await startReceiver(respondWith(204));
    const endpoint = await endpointFor(receiver, { headers: { 'x-tenant': 'acme' } });
    const run = await createRun(endpoint.id);

    const final = await runUntilFinal(run.id);
    expect(final.status).toBe('success');
    expect(final.attemptCount).toBe(1);

    const [req] = receiver.requests;
    expect(receiver.requests).toHaveLength(1);
    expect(req.signatureValid).toBe(true);
    expect(req.method).toBe('POST');
    expect(JSON.parse(req.body)).toEqual({ invoice: 'inv_1', amount: 42 });
    expect(req.headers['webhook-id']).toBe(run.webhookId);
    expect(req.headers['x-tenant']).toBe('acme');
    expect(req.headers['content-type']).toBe('application/json');
    expect(req.headers.traceparent).toMatch(/^00-[0-9a-f]{32}-[0-9a-f]{16}-01$/);

    const attempts = (await api('GET', `/v1/task-runs/${run.id}/attempts`)).body.data;
    expect(attempts).toHaveLength(1);
    expect(attempts[0]).toMatchObject({ attemptNumber: 1, status: 'success', statusCode: 204, decision: 'success' });
    expect(attempts[0].traceId).toBe(req.headers.traceparent.split('-')[1]);
    expect(attempts[0].latencyMs).toBeGreaterThanOrEqual(0);
  });

  it('when the receiver answers 500, 500, 200, the run succeeds on attempt 3 with the same webhook-id', async () => {
    receiver = await startReceiver(respondInSequence(500, 500, 200));
    const endpoint = await endpointFor(receiver);
    const run = await createRun(endpoint.id);

    const final = await runUntilFinal(run.id);
    expect(final.status).toBe('success');
    expect(final.attemptCount).toBe(3);
    expect(receiver.requests).toHaveLength(3);
    expect(new Set(receiver.requests.map((r) => r.headers['webhook-id']))).toEqual(new Set([run.webhookId]));
    expect(receiver.requests.every((r) => r.signatureValid)).toBe(true);

    const attempts = (await api('GET', `/v1/task-runs/${run.id}/attempts`)).body.data;
    expect(attempts.map((a: any) => [a.attemptNumber, a.statusCode, a.status, a.decision])).toEqual([
      [1, 500, 'failed', 'retry'],
      [2, 500, 'failed', 'retry'],
      [3, 200, 'success', 'success'],
    ]);
    // The default exponential policy waits 1 s, then 2 s.
    expect(receiver.requests[1].at - receiver.requests[0].at).toBeGreaterThanOrEqual(900);
    expect(receiver.requests[2].at - receiver.requests[1].at).toBeGreaterThanOrEqual(1900);
  });

  it('when the receiver hangs past the endpoint timeout, the attempt is recorded as a timeout', async () => {
    receiver = await startReceiver(neverRespond);
    const endpoint = await endpointFor(receiver, { timeoutMs: 300 });
    const run = await createRun(endpoint.id);

    const attempts = await waitFor(
      () => api('GET', `/v1/task-runs/${run.id}/attempts`),
      (r) => r.body.data.length >= 1,
    );
    expect(attempts.body.data[0]).toMatchObject({ status: 'failed', statusCode: null, errorKind: 'timeout', decision: 'retry' });
    expect(attempts.body.data[0].latencyMs).toBeGreaterThanOrEqual(250);
    const between = await waitFor(() => api('GET', `/v1/task-runs/${run.id}`), (r) => r.body.status === 'retry_scheduled');
    expect(between.body.nextAttemptAt).not.toBeNull();
    // Cancelling between retries stops it.
    expect((await api('POST', `/v1/task-runs/${run.id}/cancel`)).status).toBe(200);
    expect((await runUntilFinal(run.id)).status).toBe('cancelled');
  });

  it('a delayed run does not fire before its time', async () => {
    receiver = await startReceiver(respondWith(200));
    const endpoint = await endpointFor(receiver);
    const run = await createRun(endpoint.id, { delayMs: 3000 });
    expect(run.status).toBe('pending');
    const createdAt = Date.parse(run.createdAt);

    await sleep(1500);
    expect(receiver.requests).toHaveLength(0);
    expect((await api('GET', `/v1/task-runs/${run.id}`)).body.status).toBe('pending');

    const [req] = await receiver.waitForRequests(1, 15_000);
    expect(req.at - createdAt).toBeGreaterThanOrEqual(2900);
    expect((await runUntilFinal(run.id)).status).toBe('success');
  });

  it('a run with runAt waits until that time', async () => {
    receiver = await startReceiver(respondWith(200));
    const endpoint = await endpointFor(receiver);
    const runAt = new Date(Date.now() + 2000).toISOString();
    await createRun(endpoint.id, { runAt });
    const [req] = await receiver.waitForRequests(1, 15_000);
    expect(req.at).toBeGreaterThanOrEqual(Date.parse(runAt) - 50);
  });

  it('cancelling a delayed run stops it: nothing is delivered', async () => {
    receiver = await startReceiver(respondWith(200));
    const endpoint = await endpointFor(receiver);
    const run = await createRun(endpoint.id, { delayMs: 2000 });

    const cancelled = await api('POST', `/v1/task-runs/${run.id}/cancel`);
    expect(cancelled.status).toBe(200);
    expect(cancelled.body.status).toBe('cancelled');

    // The cancel may come before the run's workflow is started (the worker's dispatcher starts it a moment
    // after commit): then the workflow starts, finds the run cancelled at its claim and ends so, uncalled.
    const handle = temporal().workflow.getHandle(run.workflowId);
    await waitFor(() => handle.describe().catch(() => undefined), (d) => d !== undefined, 15_000);
    expect(await handle.result()).toBe('cancelled');
    await sleep(2500);
    expect(receiver.requests).toHaveLength(0);
    expect((await api('GET', `/v1/task-runs/${run.id}`)).body.status).toBe('cancelled');

    const again = await api('POST', `/v1/task-runs/${run.id}/cancel`);
    expect(again.status).toBe(409);
    expect(again.contentType).toContain('application/problem+json');
  });

  it('a 404 from the receiver dead-letters the run after one attempt', async () => {
    receiver = await startReceiver(respondWith(404, 'no such hook'));
    const endpoint = await endpointFor(receiver);
    const run = await createRun(endpoint.id);
    const final = await runUntilFinal(run.id);
    expect(final.status).toBe('dead_letter');
    expect(final.attemptCount).toBe(1);
    const [attempt] = (await api('GET', `/v1/task-runs/${run.id}/attempts`)).body.data;
    expect(attempt).toMatchObject({ statusCode: 404, decision: 'dead_letter', responseBody: 'no such hook' });
  });

  it('does not follow redirects: a 302 is recorded and dead-lettered, the target never called', async () => {
    const target = await startReceiver(respondWith(200));
    receiver = await startReceiver(respondWith(302, '', { location: target.url }));
    try {
      const endpoint = await endpointFor(receiver);
      const run = await createRun(endpoint.id);
      expect((await runUntilFinal(run.id)).status).toBe('dead_letter');
      const [attempt] = (await api('GET', `/v1/task-runs/${run.id}/attempts`)).body.data;
      expect(attempt).toMatchObject({ statusCode: 302, decision: 'dead_letter' });
      expect(attempt.responseHeaders.location).toBe(target.url);
      expect(target.requests).toHaveLength(0);
    } finally {
      await target.close();
    }
  });

  it('keeps only the first 4 KiB of a huge response body', async () => {
    receiver = await startReceiver(respondWith(200, 'x'.repeat(2_000_000)));
    const endpoint = await endpointFor(receiver);
    const run = await createRun(endpoint.id);
    expect((await runUntilFinal(run.id)).status).toBe('success');
    const [attempt] = (await api('GET', `/v1/task-runs/${run.id}/attempts`)).body.data;
    expect(attempt.responseBody).toBe('x'.repeat(4096));
  });

  it('the run is visible in Temporal under a workflow id that reads like the run id', async () => {
    receiver = await startReceiver(respondWith(200));
    const endpoint = await endpointFor(receiver);
    const run = await createRun(endpoint.id);
    await runUntilFinal(run.id);

    expect(run.workflowId).toBe(`task-run/${run.id}`);
    // The ledger says success as soon as the activity ends; the workflow completes just after.
    expect(await temporal().workflow.getHandle(run.workflowId).result()).toBe('success');
    expect(run.temporalUrl).toContain(encodeURIComponent(`task-run/${run.id}`));
    const description = await temporal().workflow.getHandle(run.workflowId).describe();
    expect(description.type).toBe('taskRunWorkflow');
    expect(description.status.name).toBe('COMPLETED');
    expect(description.searchAttributes.EdgeCronEndpointId).toEqual([endpoint.id]);
    // Delivered on the happy path: no status write, the workflow's own status says it (docs/observability.md).
    expect(description.searchAttributes.EdgeCronStatus).toBeUndefined();
  });
});
