// Pausing an endpoint holds its work instead of dropping it: runs created, events published and
// dead letters replayed while it is paused stay `pending`, retrying runs are not dead-lettered, and
// everything goes out on resume with attempts that count real calls only.
import { afterEach, describe, expect, it } from 'vitest';
import { PAUSED_REASON } from '../activities/delivery/claim-run';
import { api, runUntilFinal, sleep, waitFor } from './helpers/api';
import { deadLetterOf, fastPolicy } from './helpers/dead-letters';
import { endpointFor } from './helpers/endpoints';
import { respondInSequence, respondWith, startReceiver, type Receiver } from './helpers/receiver';

let receiver: Receiver;
afterEach(async () => receiver?.close());

const held = (id: string) => waitFor(() => api('GET', `/v1/task-runs/${id}`), (r) => r.body.statusReason === PAUSED_REASON, 30_000, 200);

describe('pause holds work', () => {
  it('runs and events that arrive while paused are held and delivered on resume', async () => {
    receiver = await startReceiver(respondWith(200));
    const type = `pausehold${process.pid}.created`;
    const endpoint = await endpointFor(receiver, { eventTypes: [type] });
    expect((await api('POST', `/v1/endpoints/${endpoint.id}/pause`)).status).toBe(200);

    const created = await api('POST', '/v1/task-runs', { endpointId: endpoint.id, payload: { n: 1 } });
    expect(created.status).toBe(202);
    const published = await api('POST', '/v1/events', { type, payload: { n: 2 } });
    expect(published.status).toBe(202);
    const event = await waitFor(() => api('GET', `/v1/events/${published.body.id}`), (e) => e.body.matchedEndpointCount === 1);
    const eventRunId = event.body.taskRuns.data[0].id as string;

    for (const id of [created.body.id, eventRunId]) expect((await held(id)).body.status).toBe('pending');
    await sleep(1000);
    expect(receiver.requests).toHaveLength(0);

    expect((await api('POST', `/v1/endpoints/${endpoint.id}/resume`)).status).toBe(200);
    for (const id of [created.body.id, eventRunId]) expect(await runUntilFinal(id, 60_000)).toMatchObject({ status: 'success', attemptCount: 1 });
    expect(receiver.requests.map((r) => JSON.parse(r.body).data?.n ?? JSON.parse(r.body).n).sort()).toEqual([1, 2]);
    expect(receiver.requests.every((r) => r.signatureValid)).toBe(true);
  }, 120_000);

  it('a retrying run is held, not dead-lettered, while paused; on resume it succeeds on its next call', async () => {
    receiver = await startReceiver(respondInSequence(503, 200));
    const policy = await createSlowRetryPolicy();
    const endpoint = await endpointFor(receiver, { retryPolicyId: policy.id });
    const run = (await api('POST', '/v1/task-runs', { endpointId: endpoint.id, payload: {} })).body;
    await waitFor(() => api('GET', `/v1/task-runs/${run.id}`), (r) => r.body.status === 'retry_scheduled');
    expect((await api('POST', `/v1/endpoints/${endpoint.id}/pause`)).status).toBe(200);

    expect((await held(run.id)).body).toMatchObject({ status: 'pending', attemptCount: 1 });
    expect(receiver.requests).toHaveLength(1);

    expect((await api('POST', `/v1/endpoints/${endpoint.id}/resume`)).status).toBe(200);
    expect(await runUntilFinal(run.id, 60_000)).toMatchObject({ status: 'success', attemptCount: 2 });
  }, 120_000);

  it('a dead-letter replay to a paused endpoint is held; a disabled endpoint still answers 409', async () => {
    receiver = await startReceiver(respondWith(500));
    const endpoint = await endpointFor(receiver, { retryPolicyId: (await fastPolicy(1)).id });
    const { deadLetter } = await deadLetterOf(endpoint.id);
    expect((await api('POST', `/v1/endpoints/${endpoint.id}/pause`)).status).toBe(200);
    receiver.respond = respondWith(200);

    const replay = await api('POST', `/v1/dead-letters/${deadLetter.id}/replay`);
    expect(replay.status).toBe(202);
    const replayRunId = replay.body.taskRun.id as string;
    expect((await held(replayRunId)).body.status).toBe('pending');
    expect(receiver.requests).toHaveLength(1);

    expect((await api('POST', `/v1/endpoints/${endpoint.id}/resume`)).status).toBe(200);
    expect(await runUntilFinal(replayRunId, 60_000)).toMatchObject({ status: 'success', attemptCount: 1 });

    // A 410 disables the endpoint: new runs are refused, not held.
    receiver.respond = respondWith(410);
    const gone = await runUntilFinal((await api('POST', '/v1/task-runs', { endpointId: endpoint.id, payload: {} })).body.id);
    expect(gone.status).toBe('dead_letter');
    const refused = await api('POST', '/v1/task-runs', { endpointId: endpoint.id, payload: {} });
    expect(refused.status).toBe(409);
    expect(refused.body.title).toBe('Endpoint disabled');
  }, 120_000);
});

/** Retries 3 s apart: long enough to pause the endpoint between the first call and the second. */
async function createSlowRetryPolicy() {
  const res = await api('POST', '/v1/retry-policies', { name: 'slow', strategy: 'fixed', initialIntervalMs: 3000, maxIntervalMs: 3000, maxAttempts: 5 });
  expect(res.status).toBe(201);
  return res.body as { id: string };
}
