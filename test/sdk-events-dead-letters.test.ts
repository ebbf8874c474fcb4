// The SDK's events and dead-letter calls against the real running API: publish fans out (and a repeat
// with the same idempotency key makes no second event); a dead letter is found and replayed.
import { describe, expect, it } from 'vitest';
import { sdkClient } from './helpers/sdk-client';
import { respondWith, startReceiver } from './helpers/receiver';
import { waitFor } from './helpers/api';

const client = sdkClient();

describe('the SDK: events and dead letters', () => {
  it('publishes an event that reaches a subscribed endpoint, once per idempotency key', async () => {
    const receiver = await startReceiver(respondWith(200));
    try {
      const type = `sdk.order${Date.now()}.paid`;
      const endpoint = await client.endpoints.create({ url: receiver.url, eventTypes: [type] } as any);
      receiver.secret = (endpoint as any).secret;
      const first = await client.events.publish({ type, payload: { order: 7 } }, { idempotencyKey: `sdk-${type}` });
      const again = await client.events.publish({ type, payload: { order: 7 } }, { idempotencyKey: `sdk-${type}` });
      expect(again.id).toBe(first.id);
      const [delivery] = await receiver.waitForRequests(1);
      expect(delivery.signatureValid).toBe(true);
      expect(JSON.parse(delivery.body)).toMatchObject({ type, data: { order: 7 } });
      const event = await waitFor(() => client.events.get(first.id as string), (e: any) => e.matchedEndpointCount === 1);
      expect((event as any).matchedEndpointCount).toBe(1);
      expect(receiver.requests).toHaveLength(1);
    } finally {
      await receiver.close();
    }
  });

  it('lists a dead letter and replays it once the receiver recovers, keeping the webhook-id', async () => {
    const receiver = await startReceiver(respondWith(404));
    try {
      const endpoint: any = await client.endpoints.create({ url: receiver.url });
      receiver.secret = endpoint.secret;
      const run: any = await client.taskRuns.create({ endpointId: endpoint.id, payload: { invoice: 'inv_sdk' } });
      expect((await client.taskRuns.wait(run.id)).status).toBe('dead_letter');

      const open: any[] = [];
      for await (const dl of client.deadLetters.list({ endpointId: endpoint.id, status: 'open' })) open.push(dl);
      expect(open).toHaveLength(1);
      expect(open[0].taskRunId).toBe(run.id);

      receiver.respond = respondWith(200);
      const replayed: any = await client.deadLetters.replay(open[0].id);
      expect((await client.taskRuns.wait(replayed.taskRun.id)).status).toBe('success');
      expect(receiver.requests.map((r) => r.headers['webhook-id'])).toEqual([run.webhookId, run.webhookId]);
      expect((await client.deadLetters.get(open[0].id)).status).toBe('replayed');
    } finally {
      await receiver.close();
    }
  });
});
