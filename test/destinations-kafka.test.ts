// Delivery to Apache Kafka, against a real Kafka 4 broker in KRaft mode with SASL on (its jars from
// Maven Central, run on loopback by test/helpers/kafka-server.ts). The consumer side is kafkajs and
// `standardwebhooks`.
import { Webhook } from 'standardwebhooks';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { api, runUntilFinal, waitFor } from './helpers/api';
import { createPolicy, createRun, fastPolicy } from './helpers/dead-letters';
import { publish } from './helpers/events';
import { startKafka, type KafkaServer } from './helpers/kafka-server';
import { freePort } from './helpers/owned-process';

const USER = { username: 'edgecron', password: 'kafka-pass-7c21e9' };

let kafka: KafkaServer;
beforeAll(async () => {
  kafka = await startKafka({ users: [USER] });
}, 180_000);
afterAll(async () => {
  await kafka?.close();
});

const destination = (topic: string, over: Record<string, unknown> = {}) => ({
  type: 'kafka',
  brokers: [kafka.bootstrap],
  topic,
  sasl: { mechanism: 'scram-sha-256', ...USER },
  ...over,
});

async function topicEndpoint(topic: string, extra: Record<string, unknown> = {}, over: Record<string, unknown> = {}) {
  const res = await api('POST', '/v1/endpoints', { destination: destination(topic, over), ...extra });
  expect(res.status, JSON.stringify(res.body)).toBe(201);
  return res.body as { id: string; secret: string };
}

const deadLetterReason = async (endpointId: string) => (await api('GET', `/v1/dead-letters?endpointId=${endpointId}`)).body.data[0]?.reason;

describe('a Kafka destination', () => {
  it('gets the signed body as a record keyed by the webhook-id, the headers beside it; the attempt records partition and offset', async () => {
    await kafka.createTopic('invoices', 3);
    const endpoint = await topicEndpoint('invoices', { eventTypes: ['kafka_test.invoice.paid'] });
    const published = await publish({ type: 'kafka_test.invoice.paid', payload: { invoice: 'inv_1' } });
    expect(published.status).toBe(202);
    const run = await waitFor(
      async () => (await api('GET', `/v1/task-runs?endpointId=${endpoint.id}`)).body.data[0],
      (r) => r?.status === 'success',
      30_000,
    );

    const [record] = await kafka.readRecords('invoices', 1);
    expect(Object.keys(record.headers).sort()).toEqual(['event-type', 'traceparent', 'webhook-id', 'webhook-signature', 'webhook-timestamp']);
    expect(record.headers['event-type']).toBe('kafka_test.invoice.paid');
    expect(record.key).toBe(record.headers['webhook-id']);
    const envelope = new Webhook(endpoint.secret).verify(record.value!, record.headers) as { type: string; data: unknown };
    expect(envelope).toMatchObject({ type: 'kafka_test.invoice.paid' });

    const attempts = (await api('GET', `/v1/task-runs/${run.id}/attempts`)).body.data;
    expect(attempts[0]).toMatchObject({
      statusCode: null,
      request: { url: `kafka://${kafka.bootstrap}/invoices`, method: null },
      destinationResult: { partition: record.partition, offset: record.offset },
    });
    expect(JSON.stringify(attempts)).not.toContain(USER.password);
  });

  it('200 events over 10 keys arrive in per-key order, each key in one partition', async () => {
    await kafka.createTopic('ordered', 4);
    await topicEndpoint('ordered', { eventTypes: ['kafka_test.ordered'], ordering: 'key' });
    for (let n = 0; n < 200; n++) {
      const res = await publish({ type: 'kafka_test.ordered', payload: { key: `k${n % 10}`, n }, orderingKey: `k${n % 10}` });
      expect(res.status).toBe(202);
    }
    const records = await kafka.readRecords('ordered', 200, 120_000);
    const byKey = new Map<string, Array<{ n: number; partition: number }>>();
    for (const r of records) {
      const { data } = JSON.parse(r.value!) as { data: { key: string; n: number } };
      expect(r.key).toBe(data.key);
      byKey.set(data.key, [...(byKey.get(data.key) ?? []), { n: data.n, partition: r.partition }]);
    }
    expect(byKey.size).toBe(10);
    for (const [key, seen] of byKey) {
      expect(new Set(seen.map((s) => s.partition)).size, key).toBe(1);
      const ns = seen.map((s) => s.n);
      expect(ns, key).toEqual([...ns].sort((a, b) => a - b));
      expect(ns, key).toHaveLength(20);
    }
    console.log(`[kafka] 200 ordered events over 10 keys in ${new Set(records.map((r) => r.partition)).size} partitions, each key in order`);
  });

  it('refused credentials dead-letter at once as destination_auth_failed; after a PATCH fixes them, a replay delivers', async () => {
    await kafka.createTopic('auth', 1);
    const policy = await fastPolicy(5);
    const endpoint = await topicEndpoint('auth', { retryPolicyId: policy.id }, { sasl: { mechanism: 'scram-sha-512', username: USER.username, password: 'wrong-password-1' } });
    const run = await createRun(endpoint.id, { order: 'ord_kafka_auth' });
    expect((await runUntilFinal(run.id, 60_000)).status).toBe('dead_letter');
    const attempts = (await api('GET', `/v1/task-runs/${run.id}/attempts`)).body.data;
    expect(attempts).toHaveLength(1);
    expect(attempts[0].errorKind).toBe('auth_failed');
    expect(attempts[0].errorMessage).not.toContain('wrong-password-1');
    expect(await deadLetterReason(endpoint.id)).toBe('destination_auth_failed');
    expect((await api('GET', `/v1/endpoints/${endpoint.id}`)).body.status).toBe('active');

    const current = (await api('GET', `/v1/endpoints/${endpoint.id}`)).body.destination;
    const fixed = await api('PATCH', `/v1/endpoints/${endpoint.id}`, { destination: { ...current, sasl: { mechanism: 'plain', ...USER } } });
    expect(fixed.status).toBe(200);
    const deadLetter = (await api('GET', `/v1/dead-letters?endpointId=${endpoint.id}`)).body.data[0];
    const replay = await api('POST', `/v1/dead-letters/${deadLetter.id}/replay`);
    expect((await runUntilFinal(replay.body.taskRun.id, 60_000)).status).toBe('success');
    const [record] = await kafka.readRecords('auth', 1);
    expect(JSON.parse(record.value!)).toEqual({ order: 'ord_kafka_auth' });
  });

  it('a missing topic dead-letters as destination_not_found', async () => {
    const endpoint = await topicEndpoint('never-created', { retryPolicyId: (await fastPolicy(5)).id });
    const run = await createRun(endpoint.id);
    expect((await runUntilFinal(run.id, 60_000)).status).toBe('dead_letter');
    expect(await deadLetterReason(endpoint.id)).toBe('destination_not_found');
  });

  it("a record over the topic's size limit dead-letters as message_too_large", async () => {
    const admin = kafka.client('scram-sha-256').admin();
    await admin.connect();
    await admin.createTopics({ topics: [{ topic: 'small', numPartitions: 1, configEntries: [{ name: 'max.message.bytes', value: '20000' }] }], waitForLeaders: true });
    await admin.disconnect();
    const endpoint = await topicEndpoint('small', { retryPolicyId: (await fastPolicy(5)).id });
    const run = await createRun(endpoint.id, { blob: 'x'.repeat(30_000) });
    expect((await runUntilFinal(run.id, 60_000)).status).toBe('dead_letter');
    expect(await deadLetterReason(endpoint.id)).toBe('message_too_large');
  });
});

describe('a Kafka destination that cannot be reached', () => {
  it('opens the circuit as an HTTP endpoint does; once the destination is fixed, a probe closes it and every run is delivered', async () => {
    await kafka.createTopic('circuit', 1);
    const policy = await createPolicy({ strategy: 'fixed', initialIntervalMs: 200, maxIntervalMs: 200, maxAttempts: 100 });
    const endpoint = await topicEndpoint(
      'circuit',
      { retryPolicyId: policy.id, circuitBreaker: { consecutiveFailures: 3, probeIntervalMs: 1000 } },
      // A free port below the ephemeral range: nothing listens there, every connection is refused.
      { brokers: [`127.0.0.1:${await freePort()}`] },
    );
    const ids: string[] = [];
    for (let i = 0; i < 5; i++) ids.push((await createRun(endpoint.id, { i })).id);

    const opened = await waitFor(async () => (await api('GET', `/v1/endpoints/${endpoint.id}`)).body, (e) => e.circuit.state !== 'closed', 60_000, 100);
    expect(opened.circuit.openedAt).not.toBeNull();
    // Runs whose retry comes due while it is open wait without spending attempts, and say why.
    await waitFor(
      async () => (await api('GET', `/v1/task-runs?endpointId=${endpoint.id}&limit=10`)).body.data as Array<{ status: string; statusReason: string | null }>,
      (runs) => runs.some((r) => r.status === 'pending' && /circuit open/.test(r.statusReason ?? '')),
      30_000,
      100,
    );

    const fixed = await api('PATCH', `/v1/endpoints/${endpoint.id}`, { destination: destination('circuit') });
    expect(fixed.status).toBe(200);
    const runs = await Promise.all(ids.map((id) => runUntilFinal(id, 90_000)));
    expect(runs.map((r) => r.status)).toEqual(ids.map(() => 'success'));
    expect((await api('GET', `/v1/endpoints/${endpoint.id}`)).body.circuit.state).toBe('closed');
    const records = await kafka.readRecords('circuit', 5);
    expect(records.map((r) => (JSON.parse(r.value!) as { i: number }).i).sort()).toEqual([0, 1, 2, 3, 4]);
  }, 150_000);
});

describe('a Kafka broker whose metadata names a private address', () => {
  let hidden: KafkaServer;
  beforeAll(async () => {
    // Reached at 127.0.0.1 (allowed in the test stack), it advertises 10.0.0.5 (not allowed) for produce.
    hidden = await startKafka({ advertisedHost: '10.0.0.5' });
    await hidden.createTopic('hidden', 1);
  }, 180_000);
  afterAll(async () => {
    await hidden?.close();
  });

  it('is refused when the client would connect to the learned address: a dead letter, nothing sent', async () => {
    const res = await api('POST', '/v1/endpoints', { destination: { type: 'kafka', brokers: [hidden.bootstrap], topic: 'hidden' }, retryPolicyId: (await fastPolicy(3)).id });
    expect(res.status).toBe(201);
    const run = await createRun(res.body.id);
    expect((await runUntilFinal(run.id, 60_000)).status).toBe('dead_letter');
    const [attempt] = (await api('GET', `/v1/task-runs/${run.id}/attempts`)).body.data;
    expect(attempt.errorKind).toBe('blocked');
    expect(attempt.errorMessage).toContain('10.0.0.5');
    expect(await hidden.readRecords('hidden', 1, 3_000).catch(() => [])).toEqual([]);
  });
});
