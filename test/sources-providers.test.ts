// Inbound sources, signed as the real senders sign: Stripe, Standard Webhooks, GitHub, Shopify. A
// verified request is delivered to a subscribed endpoint; a tampered body, a wrong secret and a stale
// timestamp are 401 with nothing published; a duplicate is 200 with nothing published; a rotation
// accepts both secrets during its grace.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { randomUUID } from 'node:crypto';
import { api, waitFor } from './helpers/api';
import { endpointFor } from './helpers/endpoints';
import { startReceiver, type Receiver } from './helpers/receiver';
import { createSource, eventsOfSource, sendInbound, senders } from './helpers/senders';

let receiver: Receiver;
beforeAll(async () => {
  receiver = await startReceiver();
});
afterAll(async () => receiver.close());

const run = randomUUID().slice(0, 8);
const TAMPERED_AMOUNT = '987654321';

describe.each(senders)('a $type source', (sender) => {
  const prefix = `${sender.type}_${run}.`;
  let secret: string;
  let source: any;

  beforeAll(async () => {
    secret = sender.newSecret();
    source = await createSource({ name: `${sender.type} test`, verification: { type: sender.type, secret }, eventTypePrefix: prefix });
    await endpointFor(receiver, { eventTypes: [`${prefix}*`] });
  });

  it('shows its ingest URL and masks its secret', async () => {
    expect(source.ingestUrl).toMatch(new RegExp(`^http://[^/]+/in/${source.id}$`));
    expect(source.verification.secret).toBe('********');
    expect(JSON.stringify(source)).not.toContain(secret);
    expect((await api('GET', `/v1/sources/${source.id}/secret`)).body.secret).toBe(secret);
  });

  it('publishes a verified request as an event that reaches the subscribed endpoint', async () => {
    const id = `dlv_${randomUUID()}`;
    const signed = await sender.sign(secret, { id, kind: 'orders/create', data: { n: 1 } });
    const answer = await sendInbound(source.id, signed);
    expect(answer.status).toBe(202);
    expect(answer.body.eventId).toMatch(/^evt_/);
    const event = (await api('GET', `/v1/events/${answer.body.eventId}`)).body;
    expect(event).toMatchObject({ type: `${prefix}orders.create`, sourceId: source.id, sourceDeliveryId: id, payload: JSON.parse(signed.body) });
    const [delivered] = await waitFor(
      async () => receiver.requests.filter((r) => JSON.parse(r.body).type === `${prefix}orders.create`),
      (rs) => rs.length >= 1,
    );
    expect(JSON.parse(delivered.body).data).toEqual(JSON.parse(signed.body));
    expect(delivered.signatureValid).toBe(true);
  });

  it('refuses a tampered body, a wrong secret and a stale timestamp with 401, publishing nothing', async () => {
    const before = (await eventsOfSource(source.id)).length;
    const signed = await sender.sign(secret, { id: `dlv_${randomUUID()}`, kind: 'refused', data: { amount: 100 } });
    // A value no id or timestamp of the request log holds by chance ('999' did: a createdAt at .999 s).
    const tampered = { ...signed, body: signed.body.replace('100', TAMPERED_AMOUNT) };
    const wrongSecret = await sender.sign(sender.newSecret(), { id: `dlv_${randomUUID()}`, kind: 'refused', data: {} });
    const refused = [await sendInbound(source.id, tampered), await sendInbound(source.id, wrongSecret)];
    if (sender.timestamped) {
      const stale = await sender.sign(secret, { id: `dlv_${randomUUID()}`, kind: 'refused', data: {}, timestampSeconds: Math.floor(Date.now() / 1000) - 600 });
      const staleAnswer = await sendInbound(source.id, stale);
      expect(staleAnswer.body.detail).toMatch(/timestamp outside the tolerance/);
      refused.push(staleAnswer);
    }
    for (const r of refused) {
      expect(r.status).toBe(401);
      expect(r.headers.get('content-type')).toContain('application/problem+json');
    }
    expect(refused[0].body.detail).toMatch(/signature does not match/);
    // Never a signature or header value, expected or received.
    for (const r of refused) for (const v of Object.values(tampered.headers)) if (v.length > 20) expect(JSON.stringify(r.body)).not.toContain(v);
    expect((await eventsOfSource(source.id)).length).toBe(before);
    const log = (await api('GET', `/v1/sources/${source.id}/requests`)).body.data;
    expect(log.slice(0, refused.length).map((r: any) => r.outcome)).toEqual(refused.map(() => 'rejected'));
    expect(JSON.stringify(log)).not.toContain(TAMPERED_AMOUNT);
  });

  it('answers a repeated delivery id with 200 and the first event, publishing nothing again', async () => {
    const id = `dlv_${randomUUID()}`;
    const first = await sendInbound(source.id, await sender.sign(secret, { id, kind: 'dup', data: { n: 1 } }));
    expect(first.status).toBe(202);
    const before = (await eventsOfSource(source.id)).length;
    // Same delivery id, re-signed and with another body: still the first event.
    const again = await sendInbound(source.id, await sender.sign(secret, { id, kind: 'dup', data: { n: 2 } }));
    expect(again.status).toBe(200);
    expect(again.body).toEqual({ eventId: first.body.eventId, duplicate: true });
    expect((await eventsOfSource(source.id)).length).toBe(before);
    expect((await api('GET', `/v1/sources/${source.id}/requests?limit=1`)).body.data[0]).toMatchObject({ outcome: 'duplicate', eventId: first.body.eventId });
  });

  it('accepts both the old and the new secret during a rotation grace, and only the new one when the grace is 0', async () => {
    const next = sender.newSecret();
    const rotated = await api('POST', `/v1/sources/${source.id}/secret/rotate`, { secret: next, gracePeriodSeconds: 3600 });
    expect(rotated.status).toBe(200);
    const withOld = await sendInbound(source.id, await sender.sign(secret, { id: `dlv_${randomUUID()}`, kind: 'rotation', data: {} }));
    const withNew = await sendInbound(source.id, await sender.sign(next, { id: `dlv_${randomUUID()}`, kind: 'rotation', data: {} }));
    expect([withOld.status, withNew.status]).toEqual([202, 202]);
    const newest = sender.newSecret();
    await api('POST', `/v1/sources/${source.id}/secret/rotate`, { secret: newest, gracePeriodSeconds: 0 });
    const stillOld = await sendInbound(source.id, await sender.sign(next, { id: `dlv_${randomUUID()}`, kind: 'rotation', data: {} }));
    expect(stillOld.status).toBe(401);
    secret = newest;
    expect((await sendInbound(source.id, await sender.sign(newest, { id: `dlv_${randomUUID()}`, kind: 'rotation', data: {} }))).status).toBe(202);
  });
});
