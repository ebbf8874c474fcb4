// Retry policies, per-endpoint status overrides and Retry Jobs through the real API and dev server.
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { api, runUntilFinal, waitFor } from './helpers/api';
import { createPolicy, createRun, fastPolicy } from './helpers/dead-letters';
import { createEndpoint, endpointFor } from './helpers/endpoints';
import { respondInSequence, respondWith, startReceiver, type Receiver } from './helpers/receiver';

let receiver: Receiver | undefined;
afterEach(async () => {
  await receiver?.close();
  receiver = undefined;
});

const policyIds: string[] = [];
afterAll(async () => {
  // A default policy would change the retries of every later test: leave none behind.
  for (const id of policyIds) await api('PATCH', `/v1/retry-policies/${id}`, { isDefault: false });
});

async function policy(body: Record<string, unknown>) {
  const p = await createPolicy(body);
  policyIds.push(p.id);
  return p;
}

describe('retry policies API', () => {
  it('creates with defaults, reads, updates, lists and deletes', async () => {
    const created = await api('POST', '/v1/retry-policies', { name: 'gentle', strategy: 'exponential', initialIntervalMs: 2000, maxAttempts: 6 });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({ name: 'gentle', strategy: 'exponential', initialIntervalMs: 2000, maxIntervalMs: 3_600_000,
      coefficient: 2, maxAttempts: 6, jitterRatio: 0, isDefault: false });
    const { id } = created.body;
    policyIds.push(id);
    expect(id).toMatch(/^rp_[0-9a-z]{26}$/);
    expect((await api('GET', `/v1/retry-policies/${id}`)).body.name).toBe('gentle');

    const patched = await api('PATCH', `/v1/retry-policies/${id}`, { strategy: 'linear', jitterRatio: 0.25 });
    expect(patched.status).toBe(200);
    expect(patched.body).toMatchObject({ strategy: 'linear', jitterRatio: 0.25, initialIntervalMs: 2000 });
    expect((await api('GET', '/v1/retry-policies?limit=100')).body.data.map((p: any) => p.id)).toContain(id);

    expect((await api('DELETE', `/v1/retry-policies/${id}`)).status).toBe(204);
    expect((await api('GET', `/v1/retry-policies/${id}`)).status).toBe(404);
    expect((await api('PATCH', `/v1/retry-policies/${id}`, { name: 'x' })).status).toBe(404);
  });

  it.each([
    [{ strategy: 'exponential', initialIntervalMs: 1000, coefficient: 1, maxAttempts: 3 }, 'coefficient'],
    [{ strategy: 'fixed', initialIntervalMs: 1000, maxAttempts: 0 }, 'maxAttempts'],
    [{ strategy: 'fixed', initialIntervalMs: 1000, maxAttempts: 101 }, 'maxAttempts'],
    [{ strategy: 'fixed', initialIntervalMs: 1000, maxAttempts: 3, jitterRatio: 1.5 }, 'jitterRatio'],
    [{ strategy: 'random', initialIntervalMs: 1000, maxAttempts: 3 }, 'strategy'],
    [{ strategy: 'fixed', initialIntervalMs: 0, maxAttempts: 3 }, 'initialIntervalMs'],
    [{ strategy: 'fixed', initialIntervalMs: 1000, maxAttempts: 3, colour: 'red' }, 'colour'],
  ])('rejects %j naming %s', async (body, field) => {
    const res = await api('POST', '/v1/retry-policies', { name: 'bad', ...body });
    expect(res.status).toBe(400);
    expect(res.contentType).toContain('application/problem+json');
    expect(res.body.errors.map((e: any) => e.field)).toContain(field);
  });

  it('raises a maximum interval below the initial one to it, on create and on the patched policy', async () => {
    const created = await api('POST', '/v1/retry-policies', { name: 'capped', strategy: 'fixed', initialIntervalMs: 5000, maxIntervalMs: 1000, maxAttempts: 3 });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({ initialIntervalMs: 5000, maxIntervalMs: 5000 });
    const patched = await api('PATCH', `/v1/retry-policies/${created.body.id}`, { initialIntervalMs: 10_000 });
    expect(patched.status).toBe(200);
    expect(patched.body).toMatchObject({ initialIntervalMs: 10_000, maxIntervalMs: 10_000 });
  });

  it('refuses exponential with a coefficient of 1: in the body (400), or with the stored one (409)', async () => {
    const p = await policy({ strategy: 'fixed', initialIntervalMs: 1000, maxIntervalMs: 5000, maxAttempts: 3, coefficient: 1 });
    const inBody = await api('PATCH', `/v1/retry-policies/${p.id}`, { strategy: 'exponential', coefficient: 1 });
    expect(inBody.status).toBe(400);
    expect(inBody.body.errors[0].field).toBe('coefficient');
    const stored = await api('PATCH', `/v1/retry-policies/${p.id}`, { strategy: 'exponential' });
    expect(stored.status).toBe(409);
    expect(stored.body.errors[0].field).toBe('coefficient');
    expect((await api('PATCH', `/v1/retry-policies/${p.id}`, { strategy: 'exponential', coefficient: 3 })).status).toBe(200);
  });

  it('keeps at most one default, and endpoints without a policy use it', async () => {
    const a = await policy({ name: 'a', strategy: 'fixed', initialIntervalMs: 100, maxIntervalMs: 100, maxAttempts: 2, isDefault: true });
    const b = await policy({ name: 'b', strategy: 'fixed', initialIntervalMs: 100, maxIntervalMs: 100, maxAttempts: 1, isDefault: true });
    expect((await api('GET', `/v1/retry-policies/${a.id}`)).body.isDefault).toBe(false);
    expect((await api('GET', `/v1/retry-policies/${b.id}`)).body.isDefault).toBe(true);
    const defaults = (await api('GET', '/v1/retry-policies?limit=100')).body.data.filter((p: any) => p.isDefault);
    expect(defaults.map((p: any) => p.id)).toEqual([b.id]);

    // The default allows one call: a 503 dead-letters at once instead of retrying.
    receiver = await startReceiver(respondWith(503));
    const endpoint = await endpointFor(receiver);
    const final = await runUntilFinal((await createRun(endpoint.id)).id);
    expect(final).toMatchObject({ status: 'dead_letter', attemptCount: 1 });

    expect((await api('PATCH', `/v1/retry-policies/${a.id}`, { isDefault: true })).body.isDefault).toBe(true);
    expect((await api('GET', `/v1/retry-policies/${b.id}`)).body.isDefault).toBe(false);
    await api('PATCH', `/v1/retry-policies/${a.id}`, { isDefault: false });
  });

  it('refuses to delete a policy endpoints still use', async () => {
    const p = await policy({ strategy: 'fixed', initialIntervalMs: 1000, maxAttempts: 3 });
    const endpoint = await createEndpoint({ url: 'https://example.com/p', retryPolicyId: p.id });
    const refused = await api('DELETE', `/v1/retry-policies/${p.id}`);
    expect(refused.status).toBe(409);
    expect(refused.body.detail).toContain('1 endpoint');
    await api('PATCH', `/v1/endpoints/${endpoint.id}`, { retryPolicyId: null });
    expect((await api('DELETE', `/v1/retry-policies/${p.id}`)).status).toBe(204);
  });
});

describe('per-endpoint status code overrides', () => {
  it('an override can make a 404 retryable: 404 then 200 succeeds on attempt 2', async () => {
    receiver = await startReceiver(respondInSequence(404, 200));
    const endpoint = await endpointFor(receiver, { statusCodeOverrides: { '404': 'retry' }, retryPolicyId: (await fastPolicy(3)).id });
    expect(endpoint.statusCodeOverrides).toEqual({ '404': 'retry' });
    const run = await createRun(endpoint.id);
    expect(await runUntilFinal(run.id)).toMatchObject({ status: 'success', attemptCount: 2 });
    const [first] = (await api('GET', `/v1/task-runs/${run.id}/attempts`)).body.data;
    expect(first).toMatchObject({ statusCode: 404, decision: 'retry' });
    expect(first.decisionReason).toContain('endpoint override 404');
  });

  it('a class override can dead-letter every 5xx at once', async () => {
    receiver = await startReceiver(respondWith(503));
    const endpoint = await endpointFor(receiver, { retryPolicyId: (await fastPolicy(5)).id });
    const patched = await api('PATCH', `/v1/endpoints/${endpoint.id}`, { statusCodeOverrides: { '5xx': 'dead_letter' } });
    expect(patched.body.statusCodeOverrides).toEqual({ '5xx': 'dead_letter' });
    const final = await runUntilFinal((await createRun(endpoint.id)).id);
    expect(final).toMatchObject({ status: 'dead_letter', attemptCount: 1 });
    expect(receiver.requests).toHaveLength(1);
  });

  it.each([
    [{ '999': 'retry' }],
    [{ '4x': 'retry' }],
    [{ '404': 'maybe' }],
  ])('rejects overrides %j naming statusCodeOverrides', async (overrides) => {
    const res = await api('POST', '/v1/endpoints', { url: 'https://example.com/o', statusCodeOverrides: overrides });
    expect(res.status).toBe(400);
    expect(res.body.errors[0].field).toMatch(/^statusCodeOverrides/);
  });
});

describe('retry jobs', () => {
  it('lists scheduled retries soonest first with their attempt count, filtered by endpoint and paginated', async () => {
    receiver = await startReceiver(respondWith(503));
    const slow = await policy({ strategy: 'fixed', initialIntervalMs: 120_000, maxIntervalMs: 120_000, maxAttempts: 3 });
    const slower = await policy({ strategy: 'fixed', initialIntervalMs: 60_000, maxIntervalMs: 60_000, maxAttempts: 3 });
    const later = await endpointFor(receiver, { retryPolicyId: slow.id });
    const sooner = await endpointFor(receiver, { retryPolicyId: slower.id });
    const runLater = await createRun(later.id);
    const runSooner = await createRun(sooner.id);
    for (const run of [runLater, runSooner]) {
      const waiting = await waitFor(() => api('GET', `/v1/task-runs/${run.id}`), (r) => r.body.status === 'retry_scheduled');
      expect(waiting.body.attemptCount).toBe(1);
      expect(waiting.body.nextAttemptAt).not.toBeNull();
    }

    const all = (await api('GET', '/v1/retry-jobs?limit=100')).body.data.filter((j: any) => [later.id, sooner.id].includes(j.endpointId));
    expect(all.map((j: any) => j.taskRunId)).toEqual([runSooner.id, runLater.id]);
    expect(all[0]).toMatchObject({ nextAttemptNumber: 2, attemptCount: 1, endpointId: sooner.id, lastFailure: 'HTTP 503 is retryable' });
    expect(Date.parse(all[1].nextAttemptAt) - Date.parse(all[0].nextAttemptAt)).toBeGreaterThan(50_000);
    expect(all[0].temporalUrl).toContain(encodeURIComponent(`task-run/${runSooner.id}`));

    const filtered = await api('GET', `/v1/retry-jobs?endpointId=${later.id}`);
    expect(filtered.body.data.map((j: any) => j.taskRunId)).toEqual([runLater.id]);
    // Page by page (one job each), every job is seen once, in the same soonest-first order.
    const walked: string[] = [];
    let cursor: string | null = null;
    do {
      const page: any = await api('GET', `/v1/retry-jobs?limit=1${cursor ? `&cursor=${cursor}` : ''}`);
      expect(page.body.data.length).toBeLessThanOrEqual(1);
      walked.push(...page.body.data.map((j: any) => j.taskRunId));
      cursor = page.body.nextCursor;
    } while (cursor && walked.length < 500);
    expect(new Set(walked).size).toBe(walked.length);
    expect(walked.filter((id) => [runLater.id, runSooner.id].includes(id))).toEqual([runSooner.id, runLater.id]);
    expect((await api('GET', '/v1/retry-jobs?cursor=%21%21')).status).toBe(400);
    // A parameter without a name (the contract test's `&=null`) is refused, naming the query.
    const nameless = await api('GET', '/v1/retry-jobs?limit=1&=null');
    expect(nameless.status).toBe(400);
    expect(nameless.body.errors).toEqual([{ field: 'query', message: 'a parameter without a name' }]);

    // Cancelled runs are no longer Retry Jobs.
    for (const run of [runLater, runSooner]) expect((await api('POST', `/v1/task-runs/${run.id}/cancel`)).status).toBe(200);
    expect((await api('GET', `/v1/retry-jobs?endpointId=${later.id}`)).body.data).toEqual([]);
  });
});
