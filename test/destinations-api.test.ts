// Queue destinations through the API, no broker needed: an endpoint has a url or a destination, never
// both; HTTP-only fields are refused beside a destination; credentials are sealed in the table, masked
// in answers, revealed to the full-scope call, and kept by a PATCH that sends the mask back; creating
// one contacts no broker; addresses the delivery policy refuses are a 403 naming the field.
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { MASK } from '../src/domain/node/endpoint-credentials';
import { api } from './helpers/api';

const SQS_SECRET = 'sqs-secret-8d1f0a6c';
const SQS_TOKEN = 'sqs-session-3b7e29d4';
const KAFKA_PASSWORD = 'kafka-pass-51c0e8f2';

// Nothing listens on these: creating an endpoint must not try to reach them.
const sqs = (over: Record<string, unknown> = {}) => ({
  type: 'sqs',
  queueUrl: 'https://sqs.us-east-1.amazonaws.com/123456789012/orders',
  region: 'us-east-1',
  accessKeyId: 'AKIAEXAMPLE123',
  secretAccessKey: SQS_SECRET,
  sessionToken: SQS_TOKEN,
  ...over,
});
const kafka = (over: Record<string, unknown> = {}) => ({
  type: 'kafka',
  brokers: ['kafka-1.example.com:9092', 'kafka-2.example.com:9092'],
  topic: 'orders.v1',
  sasl: { mechanism: 'scram-sha-256', username: 'edgecron', password: KAFKA_PASSWORD },
  ...over,
});

let db: pg.Client;
beforeAll(async () => {
  db = new pg.Client({ connectionString: inject('databaseUrl') });
  await db.connect();
});
afterAll(async () => {
  await db.end();
});

const fieldsOf = (body: { errors?: Array<{ field: string }> }) => (body.errors ?? []).map((e) => e.field);

describe('an endpoint with a queue destination', () => {
  it('is created without contacting the broker, answers url null and masked credentials, and stores them sealed', async () => {
    const created = await api('POST', '/v1/endpoints', { destination: sqs() });
    expect(created.status).toBe(201);
    expect(created.body.url).toBeNull();
    expect(created.body.method).toBeNull();
    expect(created.body.destination).toEqual(sqs({ secretAccessKey: MASK, sessionToken: MASK }));

    const row = await db.query(`SELECT row_to_json(e)::text AS row, url FROM "Endpoint" e WHERE id = $1`, [created.body.id]);
    for (const secret of [SQS_SECRET, SQS_TOKEN]) expect(row.rows[0].row).not.toContain(secret);
    // The url column keeps the address the attempts and the Web UI memo show.
    expect(row.rows[0].url).toBe(sqs().queueUrl);

    const k = await api('POST', '/v1/endpoints', { destination: kafka() });
    expect(k.status).toBe(201);
    expect(k.body.destination.sasl).toEqual({ mechanism: 'scram-sha-256', username: 'edgecron', password: MASK });
    expect((await api('GET', `/v1/endpoints/${k.body.id}`)).body.destination.sasl.password).toBe(MASK);
  });

  it('has either url or destination: both is a 400 naming destination, neither a 400 naming url', async () => {
    const both = await api('POST', '/v1/endpoints', { url: 'https://example.com/hook', destination: sqs() });
    expect(both.status).toBe(400);
    expect(fieldsOf(both.body)).toContain('destination');
    const neither = await api('POST', '/v1/endpoints', { description: 'nowhere' });
    expect(neither.status).toBe(400);
    expect(fieldsOf(neither.body)).toContain('url');
  });

  it('refuses method, headers and statusCodeOverrides beside a destination, naming each', async () => {
    for (const [field, value] of [['method', 'PUT'], ['headers', { 'X-A': 'b' }], ['statusCodeOverrides', { '404': 'retry' }]] as const) {
      const res = await api('POST', '/v1/endpoints', { destination: kafka(), [field]: value });
      expect(res.status, field).toBe(400);
      expect(fieldsOf(res.body), field).toContain(field);
    }
    const created = (await api('POST', '/v1/endpoints', { destination: kafka() })).body;
    // On a PATCH the body is valid alone: it conflicts with the stored destination (409, the field named).
    const patched = await api('PATCH', `/v1/endpoints/${created.id}`, { headers: { 'X-A': 'b' } });
    expect(patched.status).toBe(409);
    expect(fieldsOf(patched.body)).toContain('headers');
  });

  it('reveals credentials to the full-scope call, and a PATCH sending the mask back keeps them', async () => {
    const created = (await api('POST', '/v1/endpoints', { destination: sqs() })).body;
    const revealed = await api('GET', `/v1/endpoints/${created.id}/credentials`);
    expect(revealed.body).toEqual({ url: null, headers: {}, destination: sqs() });

    // The answer as read, sent back with a new region: the masked secrets stay what they were.
    const patched = await api('PATCH', `/v1/endpoints/${created.id}`, { destination: { ...created.destination, region: 'eu-west-1' } });
    expect(patched.status).toBe(200);
    expect((await api('GET', `/v1/endpoints/${created.id}/credentials`)).body.destination).toEqual(sqs({ region: 'eu-west-1' }));

    // A mask where nothing is stored (another type) is a 400 naming that field.
    const wrong = await api('PATCH', `/v1/endpoints/${created.id}`, { destination: kafka({ sasl: { mechanism: 'plain', username: 'u', password: MASK } }) });
    expect(wrong.status).toBe(400);
    expect(fieldsOf(wrong.body)).toContain('destination.sasl.password');
  });

  it('switches between HTTP and a queue by PATCH', async () => {
    const created = (await api('POST', '/v1/endpoints', { url: 'https://example.com/hook', headers: { 'X-A': 'b' } })).body;
    const toQueue = (await api('PATCH', `/v1/endpoints/${created.id}`, { destination: kafka() })).body;
    expect(toQueue).toMatchObject({ url: null, method: null, headers: {} });
    const toHttp = (await api('PATCH', `/v1/endpoints/${created.id}`, { url: 'https://example.com/other' })).body;
    expect(toHttp).toMatchObject({ url: 'https://example.com/other', method: 'POST', destination: null });
  });

  it('refuses an address the delivery policy refuses, naming the field (a private broker, a loopback queue URL)', async () => {
    const broker = await api('POST', '/v1/endpoints', { destination: kafka({ brokers: ['kafka-1.example.com:9092', '10.1.2.3:9092'] }) });
    expect(broker.status).toBe(403);
    expect(fieldsOf(broker.body)).toEqual(['destination.brokers.1']);
    const queue = await api('POST', '/v1/endpoints', { destination: sqs({ queueUrl: 'http://169.254.169.254/latest' }) });
    expect(queue.status).toBe(403);
    expect(fieldsOf(queue.body)).toEqual(['destination.queueUrl']);
  });

  it('validates the destination with the field named', async () => {
    const cases: Array<[Record<string, unknown>, string]> = [
      [sqs({ queueUrl: 'ftp://example.com/q' }), 'destination.queueUrl'],
      [sqs({ region: '' }), 'destination.region'],
      [kafka({ brokers: ['no-port'] }), 'destination.brokers.0'],
      [kafka({ brokers: [] }), 'destination.brokers'],
      [kafka({ sasl: { mechanism: 'gssapi', username: 'u', password: 'p' } }), 'destination.sasl.mechanism'],
      [{ type: 'nats', subject: 'x' }, 'destination.type'],
    ];
    for (const [destination, field] of cases) {
      const res = await api('POST', '/v1/endpoints', { destination });
      expect(res.status, field).toBe(400);
      expect(fieldsOf(res.body), JSON.stringify(res.body)).toContain(field);
    }
  });
});
