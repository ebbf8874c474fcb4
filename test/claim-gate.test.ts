// The gate before each attempt (activities/delivery/claim-run.ts): a run whose endpoint was paused
// while it waited is held until the endpoint is resumed; one whose endpoint was deleted is not
// delivered; the ledger says why.
import { afterEach, describe, expect, it } from 'vitest';
import { PAUSED_REASON } from '../activities/delivery/claim-run';
import { api, runUntilFinal, sleep, waitFor } from './helpers/api';
import { createEndpoint } from './helpers/endpoints';
import { respondWith, startReceiver, type Receiver } from './helpers/receiver';

let receiver: Receiver;
afterEach(async () => receiver?.close());

async function delayedRun(endpointId: string) {
  const res = await api('POST', '/v1/task-runs', { endpointId, payload: { order: 'ord_1' }, delayMs: 1500 });
  expect(res.status).toBe(202);
  return res.body as { id: string };
}

describe('the claim before each attempt', () => {
  it('a run whose endpoint was paused while it waited is held, not delivered, and goes out on resume', async () => {
    receiver = await startReceiver(respondWith(200));
    const endpoint = await createEndpoint({ url: receiver.url });
    const run = await delayedRun(endpoint.id);
    expect((await api('POST', `/v1/endpoints/${endpoint.id}/pause`)).status).toBe(200);

    const held = await waitFor(() => api('GET', `/v1/task-runs/${run.id}`), (r) => r.body.statusReason === PAUSED_REASON);
    expect(held.body.status).toBe('pending');
    await sleep(1000);
    expect(receiver.requests).toHaveLength(0);

    expect((await api('POST', `/v1/endpoints/${endpoint.id}/resume`)).status).toBe(200);
    const final = await runUntilFinal(run.id, 60_000);
    expect(final).toMatchObject({ status: 'success', attemptCount: 1 });
    expect(receiver.requests).toHaveLength(1);
  });

  it('a run whose endpoint was deleted while it waited fails without a delivery', async () => {
    receiver = await startReceiver(respondWith(200));
    const endpoint = await createEndpoint({ url: receiver.url });
    const run = await delayedRun(endpoint.id);
    expect((await api('DELETE', `/v1/endpoints/${endpoint.id}`)).status).toBe(200);

    const final = await runUntilFinal(run.id);
    expect(final).toMatchObject({ status: 'failed', statusReason: 'endpoint deleted' });
    expect(receiver.requests).toHaveLength(0);
  });

  it('a run on an active endpoint is claimed once and delivered once', async () => {
    receiver = await startReceiver(respondWith(200));
    const endpoint = await createEndpoint({ url: receiver.url });
    const run = await delayedRun(endpoint.id);
    const final = await runUntilFinal(run.id);
    expect(final).toMatchObject({ status: 'success', attemptCount: 1 });
    expect(receiver.requests).toHaveLength(1);
  });
});
