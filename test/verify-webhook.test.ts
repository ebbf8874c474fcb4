// The receiver-side helper verifies a real EdgeCron delivery, and rejects tampering and replays.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { verifyWebhook, WebhookVerificationError } from '../src/sdk/index';
import { generateSigningSecret } from '../src/domain/node/signing';
import { sdkClient } from './helpers/sdk-client';
import { type ReceivedRequest, type Receiver, startReceiver } from './helpers/receiver';

let receiver: Receiver;
let secret: string;
let delivery: ReceivedRequest;
let webhookId: string;

function reasonOf(verify: () => unknown): string {
  try {
    verify();
    return 'verified';
  } catch (err) {
    expect(err).toBeInstanceOf(WebhookVerificationError);
    return (err as WebhookVerificationError).reason;
  }
}

beforeAll(async () => {
  receiver = await startReceiver();
  const client = sdkClient();
  const endpoint = await client.endpoints.create({ url: receiver.url });
  secret = receiver.secret = endpoint.secret;
  const run = await client.taskRuns.create({ endpointId: endpoint.id, payload: { invoice: 'inv_1', amount: 1999, note: 'ünïcode ✓' } });
  expect((await client.taskRuns.wait(run.id, { timeoutMs: 30_000, intervalMs: 100 })).status).toBe('success');
  webhookId = run.webhookId;
  [delivery] = await receiver.waitForRequests(1);
});

afterAll(async () => {
  await receiver.close();
});

describe('verifyWebhook on a real delivery', () => {
  it('accepts it (as the standardwebhooks package does) and returns id, time and payload', () => {
    expect(delivery.signatureValid).toBe(true); // the reference implementation agrees
    const verified = verifyWebhook({ secret, payload: delivery.body, headers: delivery.headers });
    expect(verified.id).toBe(webhookId);
    expect(verified.payload).toEqual({ invoice: 'inv_1', amount: 1999, note: 'ünïcode ✓' });
    expect(Math.abs(verified.timestamp.getTime() - delivery.at)).toBeLessThan(60_000);
  });

  it('accepts raw bytes and a fetch Headers object too', () => {
    const verified = verifyWebhook({ secret, payload: Buffer.from(delivery.body, 'utf8'), headers: new Headers(delivery.headers) });
    expect(verified.id).toBe(webhookId);
  });

  it('rejects a tampered body', () => {
    const tampered = delivery.body.replace('1999', '1');
    expect(reasonOf(() => verifyWebhook({ secret, payload: tampered, headers: delivery.headers }))).toBe('invalid_signature');
  });

  it('rejects a stale timestamp (a replayed delivery), and one from the future', () => {
    const sentAt = Number(delivery.headers['webhook-timestamp']) * 1000;
    const later = sentAt + 301_000;
    expect(reasonOf(() => verifyWebhook({ secret, payload: delivery.body, headers: delivery.headers, now: later }))).toBe('timestamp_too_old');
    expect(reasonOf(() => verifyWebhook({ secret, payload: delivery.body, headers: delivery.headers, now: later, toleranceSeconds: 600 }))).toBe('verified');
    expect(reasonOf(() => verifyWebhook({ secret, payload: delivery.body, headers: delivery.headers, now: sentAt - 301_000 }))).toBe('timestamp_too_new');
  });

  it('rejects a forged timestamp or id, a wrong secret and missing headers', () => {
    const headers = delivery.headers;
    const bumped = { ...headers, 'webhook-timestamp': String(Number(headers['webhook-timestamp']) + 1) };
    expect(reasonOf(() => verifyWebhook({ secret, payload: delivery.body, headers: bumped }))).toBe('invalid_signature');
    expect(reasonOf(() => verifyWebhook({ secret, payload: delivery.body, headers: { ...headers, 'webhook-id': 'msg_other' } }))).toBe('invalid_signature');
    expect(reasonOf(() => verifyWebhook({ secret: generateSigningSecret(), payload: delivery.body, headers }))).toBe('invalid_signature');
    const { 'webhook-signature': _dropped, ...unsigned } = headers;
    expect(reasonOf(() => verifyWebhook({ secret, payload: delivery.body, headers: unsigned }))).toBe('missing_headers');
  });

  it('works through a secret rotation: several secrets, several signatures', () => {
    const other = generateSigningSecret();
    // The receiver knows the new and the old secret.
    expect(reasonOf(() => verifyWebhook({ secret: [other, secret], payload: delivery.body, headers: delivery.headers }))).toBe('verified');
    // The sender signs with both: any one matching signature is enough.
    const bogus = 'v1,' + Buffer.alloc(32, 7).toString('base64');
    const both = { ...delivery.headers, 'webhook-signature': `${bogus} ${delivery.headers['webhook-signature']}` };
    expect(reasonOf(() => verifyWebhook({ secret, payload: delivery.body, headers: both }))).toBe('verified');
    expect(reasonOf(() => verifyWebhook({ secret, payload: delivery.body, headers: { ...both, 'webhook-signature': bogus } }))).toBe('invalid_signature');
  });
});

describe('a receiver written as in docs/sdk.md (Express, express.raw)', () => {
  it('accepts real deliveries and answers 400 to a tampered copy', async () => {
    const express = (await import('express')).default;
    const seen: string[] = [];
    const app = express();
    app.post('/hooks', express.raw({ type: '*/*' }), (req, res) => {
      try {
        const { id } = verifyWebhook({ secret, payload: req.body, headers: req.headers });
        seen.push(id);
        res.sendStatus(204);
      } catch (err) {
        if (err instanceof WebhookVerificationError) return res.status(400).send(err.reason);
        throw err;
      }
    });
    const server = app.listen(0, '127.0.0.1');
    await new Promise((resolve) => server.once('listening', resolve));
    const url = `http://127.0.0.1:${(server.address() as { port: number }).port}/hooks`;
    try {
      const client = sdkClient();
      const endpoint = await client.endpoints.create({ url, secret });
      const run = await client.taskRuns.create({ endpointId: endpoint.id, payload: { via: 'express' } });
      expect((await client.taskRuns.wait(run.id, { timeoutMs: 30_000, intervalMs: 100 })).status).toBe('success');
      expect(seen).toEqual([run.webhookId]);
      const signed = Object.fromEntries(Object.entries(delivery.headers).filter(([name]) => name.startsWith('webhook-') || name === 'content-type'));
      const forged = await fetch(url, { method: 'POST', headers: signed, body: delivery.body.replace('1999', '1') });
      expect([forged.status, await forged.text()]).toEqual([400, 'invalid_signature']);
    } finally {
      await new Promise((resolve) => server.close(resolve));
    }
  });
});
