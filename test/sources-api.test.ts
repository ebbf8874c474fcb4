// Inbound sources beyond the providers' signatures: the API's answers for each refusal, the other
// verification types, event type rules, limits, the request log, the events filter and the audit log.
import { createHmac, randomUUID } from 'node:crypto';
import { inject, describe, expect, it } from 'vitest';
import { api } from './helpers/api';
import { createSource, eventsOfSource, sendInbound } from './helpers/senders';

const run = randomUUID().slice(0, 8);
const json = (body: unknown, headers: Record<string, string> = {}) => ({ body: JSON.stringify(body), headers: { 'content-type': 'application/json', ...headers } });
const hmacSource = (extra: Record<string, unknown> = {}) =>
  createSource({ name: 'hmac', verification: { type: 'hmac', secret: 'hmac-secret-1', header: 'X-Signature', algorithm: 'sha512', encoding: 'base64', prefix: 'v=' }, eventType: { from: 'body', path: 'meta.kind' }, ...extra });
const hmacSigned = (body: string) => ({ body, headers: { 'content-type': 'application/json', 'x-signature': `v=${createHmac('sha512', 'hmac-secret-1').update(body).digest('base64')}` } });

describe('source settings', () => {
  it('refuses `none` without an eventTypePrefix, naming the field', async () => {
    const res = await api('POST', '/v1/sources', { name: 'open', verification: { type: 'none' }, eventType: { value: 'x.y' } });
    expect(res.status).toBe(400);
    expect(res.body.errors).toEqual([{ field: 'eventTypePrefix', message: 'is required when verification.type is none' }]);
  });

  it('refuses a verification type without a default event type unless eventType is given', async () => {
    const res = await api('POST', '/v1/sources', { name: 'key', verification: { type: 'api_key', header: 'X-Api-Key', key: 'k-12345678' } });
    expect(res.status).toBe(400);
    expect(res.body.errors[0].field).toBe('eventType');
  });

  it('refuses secrets shorter than 8 characters', async () => {
    const res = await api('POST', '/v1/sources', { name: 'gh', verification: { type: 'github', secret: 'short' } });
    expect(res.status).toBe(400);
    expect(res.body.errors[0].field).toBe('verification.secret');
  });

  it('lists, changes, disables, enables and deletes a source, auditing each change', async () => {
    const source = await hmacSource();
    expect((await api('GET', '/v1/sources?limit=100')).body.data.map((s: any) => s.id)).toContain(source.id);
    expect((await api('PATCH', `/v1/sources/${source.id}`, { name: 'renamed' })).body.name).toBe('renamed');
    const disabled = await api('POST', `/v1/sources/${source.id}/disable`);
    expect(disabled.body.status).toBe('disabled');
    const refused = await sendInbound(source.id, hmacSigned(JSON.stringify({ meta: { kind: 'a' } })));
    expect(refused.status).toBe(503);
    expect(Number(refused.headers.get('retry-after'))).toBeGreaterThan(0);
    expect(await eventsOfSource(source.id)).toEqual([]);
    expect((await api('POST', `/v1/sources/${source.id}/enable`)).body.status).toBe('active');
    expect((await sendInbound(source.id, hmacSigned(JSON.stringify({ meta: { kind: 'a' } })))).status).toBe(202);
    expect((await api('DELETE', `/v1/sources/${source.id}`)).body).toEqual({ id: source.id, deleted: true });
    expect((await sendInbound(source.id, hmacSigned('{}'))).status).toBe(404);
    expect((await api('GET', `/v1/sources/${source.id}`)).status).toBe(404);
    const audit = (await api('GET', `/v1/audit-events?resourceId=${source.id}&limit=20`)).body.data.map((a: any) => a.action);
    expect(audit).toEqual(expect.arrayContaining(['source.create', 'source.update', 'source.disable', 'source.enable', 'source.delete']));
  });
});

describe('POST /in/:sourceId', () => {
  it('answers 404 for an unknown source', async () => {
    expect((await sendInbound(`src_${'0'.repeat(26)}`, json({}))).status).toBe(404);
  });

  it('verifies an hmac source (sha512, base64, prefix) and takes the type from a body path', async () => {
    const source = await hmacSource({ eventTypePrefix: `h${run}.` });
    const ok = await sendInbound(source.id, hmacSigned(JSON.stringify({ meta: { kind: 'Invoice Paid/v2' } })));
    expect(ok.status).toBe(202);
    expect((await api('GET', `/v1/events/${ok.body.eventId}`)).body.type).toBe(`h${run}.Invoice_Paid.v2`);
    const noType = await sendInbound(source.id, hmacSigned(JSON.stringify({ meta: {} })));
    expect(noType.status).toBe(422);
    expect(noType.body.detail).toBe('no event type at body path meta.kind');
  });

  it('verifies basic and api_key sources and keeps a non-JSON body as text', async () => {
    const basic = await createSource({ name: 'basic', verification: { type: 'basic', username: 'acme', password: 'pa55word!' }, eventType: { value: 'basic.called' } });
    const auth = (pw: string) => `Basic ${Buffer.from(`acme:${pw}`).toString('base64')}`;
    const form = { body: 'a=1&b=2', headers: { 'content-type': 'application/x-www-form-urlencoded', authorization: auth('pa55word!') } };
    const ok = await sendInbound(basic.id, form);
    expect(ok.status).toBe(202);
    expect((await api('GET', `/v1/events/${ok.body.eventId}`)).body.payload).toEqual({ contentType: 'application/x-www-form-urlencoded', body: 'a=1&b=2' });
    expect((await sendInbound(basic.id, { ...form, headers: { ...form.headers, authorization: auth('wrong-pass') } })).status).toBe(401);

    const keyed = await createSource({ name: 'key', verification: { type: 'api_key', header: 'X-Api-Key', key: 'k-12345678' }, eventType: { from: 'header', name: 'X-Kind' } });
    expect((await sendInbound(keyed.id, json({}, { 'x-api-key': 'k-12345678', 'x-kind': 'thing.done' }))).status).toBe(202);
    const missing = await sendInbound(keyed.id, json({}, { 'x-kind': 'thing.done' }));
    expect(missing.status).toBe(401);
    expect(missing.body.detail).toContain('missing X-Api-Key header');
  });

  it('never publishes an edgecron. type, and shows a none source as unverified', async () => {
    const open = await createSource({ name: 'open', verification: { type: 'none' }, eventTypePrefix: 'edgecron.', eventType: { value: 'endpoint.disabled' } });
    expect(open.verified).toBe(false);
    const res = await sendInbound(open.id, json({}));
    expect(res.status).toBe(422);
    expect(res.body.detail).toContain('edgecron.');
    expect(await eventsOfSource(open.id)).toEqual([]);
  });

  it('answers 422 naming the path when the event type catalog refuses the payload', async () => {
    const type = `cat${run}.order`;
    await api('POST', '/v1/event-types', { name: type, schema: { type: 'object', required: ['total'], properties: { total: { type: 'number' } } } });
    const source = await createSource({ name: 'typed', verification: { type: 'none' }, eventTypePrefix: `cat${run}.`, eventType: { value: 'order' } });
    const res = await sendInbound(source.id, json({ total: 'ten' }));
    expect(res.status).toBe(422);
    expect(res.body.errors[0].field).toBe('payload.total');
    expect((await sendInbound(source.id, json({ total: 10 }))).status).toBe(202);
  });

  it('answers 413 for a body over API_BODY_LIMIT_BYTES', async () => {
    const source = await createSource({ name: 'big', verification: { type: 'none' }, eventTypePrefix: 'big.', eventType: { value: 'x' } });
    expect((await sendInbound(source.id, { body: 'x'.repeat(2 * 1024 * 1024), headers: { 'content-type': 'text/plain' } })).status).toBe(413);
  });

  it('limits the ingest rate per source with 429 and Retry-After', async () => {
    const source = await createSource({ name: 'slow', verification: { type: 'none' }, eventTypePrefix: 'slow.', eventType: { value: 'x' }, ingestRateLimitPerSecond: 1 });
    const startedAt = Date.now();
    const answers = await Promise.all(Array.from({ length: 20 }, () => sendInbound(source.id, json({}))));
    const seconds = (Date.now() - startedAt) / 1000;
    const limited = answers.filter((a) => a.status === 429);
    // A burst of one second's worth (1), then one more per second elapsed.
    expect(20 - limited.length).toBeLessThanOrEqual(1 + Math.ceil(seconds));
    expect(limited.length).toBeGreaterThan(0);
    expect(Number(limited[0].headers.get('retry-after'))).toBeGreaterThanOrEqual(1);
    expect((await eventsOfSource(source.id)).length).toBe(answers.filter((a) => a.status === 202).length);
  });

  it('locks out an address after repeated failed verifications on one source only, not the API or other sources', async () => {
    const bad = await hmacSource();
    const other = await hmacSource();
    const answers = [];
    for (let i = 0; i < 31; i++) answers.push((await sendInbound(bad.id, json({ meta: { kind: 'x' } }, { 'x-signature': 'v=AAAA' }))).status);
    expect(answers.slice(0, 30).every((s) => s === 401)).toBe(true);
    expect(answers[30]).toBe(429);
    // Even a correctly signed request from that address waits out the minute on that source...
    expect((await sendInbound(bad.id, hmacSigned(JSON.stringify({ meta: { kind: 'x' } })))).status).toBe(429);
    // ...while the other source and the API answer as usual.
    expect((await sendInbound(other.id, hmacSigned(JSON.stringify({ meta: { kind: 'x' } })))).status).toBe(202);
    expect((await api('GET', '/v1/sources?limit=1')).status).toBe(200);
  });

  it('filters events by source, logs requests newest first without bodies, and counts them in the metric', async () => {
    const source = await hmacSource({ eventTypePrefix: `log${run}.` });
    const acceptedBody = JSON.stringify({ meta: { kind: 'a' }, secretValue: 'do-not-log' });
    const accepted = await sendInbound(source.id, hmacSigned(acceptedBody));
    await sendInbound(source.id, { body: JSON.stringify({ meta: { kind: 'a' }, secretValue: 'do-not-log' }), headers: { 'content-type': 'application/json', 'x-signature': 'v=bm9wZQ==' } });
    const events = await eventsOfSource(source.id);
    expect(events.map((e) => e.id)).toEqual([accepted.body.eventId]);
    const log = (await api('GET', `/v1/sources/${source.id}/requests`)).body.data;
    expect(log.map((r: any) => r.outcome)).toEqual(['rejected', 'accepted']);
    expect(log[0]).toMatchObject({ reason: 'signature does not match', eventId: null });
    expect(log[1]).toMatchObject({ eventId: accepted.body.eventId, bodyBytes: Buffer.byteLength(acceptedBody) });
    expect(JSON.stringify(log)).not.toContain('do-not-log');
    const metrics = await (await fetch(`${inject('apiUrl')}/metrics`)).text();
    expect(metrics).toMatch(/edgecron_source_requests_total\{outcome="rejected"\} [1-9]/);
    expect(metrics).toMatch(/edgecron_source_requests_total\{outcome="accepted"\} [1-9]/);
  });
});
