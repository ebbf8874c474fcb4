// A queue destination away for 30 s with 200 runs in flight: every run is delivered once it is back,
// any duplicate carries the same webhook-id, and each attempt is one send. Real faults: the Kafka broker
// is killed (SIGKILL) and started again on the same port and data; moto keeps its queues only in memory
// (a kill would lose messages already accepted, which no sender could help), so the SQS server is frozen
// (SIGSTOP: connections open but nothing answers) and thawed. Prints its figures.
import { DeleteMessageBatchCommand, ReceiveMessageCommand } from '@aws-sdk/client-sqs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { api, sleep, waitFor } from './helpers/api';
import { createPolicy } from './helpers/dead-letters';
import { startKafka, type KafkaServer } from './helpers/kafka-server';
import { startSqsServer, type SqsServer } from './helpers/sqs-server';

const RUNS = 200;
const OUTAGE_MS = 30_000;

let sqs: SqsServer;
let kafka: KafkaServer;
beforeAll(async () => {
  [sqs, kafka] = await Promise.all([startSqsServer(), startKafka()]);
}, 180_000);
afterAll(async () => {
  await Promise.all([sqs?.close(), kafka?.close()]);
});

/** Retries that outlast the outage: 2 s apart, up to 60 of them; sends time out after 2 s. */
const patientEndpoint = async (destination: Record<string, unknown>) => {
  const policy = await createPolicy({ strategy: 'fixed', initialIntervalMs: 2_000, maxIntervalMs: 2_000, maxAttempts: 60 });
  const res = await api('POST', '/v1/endpoints', { destination, retryPolicyId: policy.id, timeoutMs: 2_000, circuitBreaker: null });
  expect(res.status, JSON.stringify(res.body)).toBe(201);
  return res.body.id as string;
};

/**
 * Sends the runs and takes the destination away once the first 20 are accepted, so the outage starts
 * with runs in every state: delivered, in a send, waiting to start, not yet accepted.
 */
async function sendRunsAcross(endpointId: string, tag: string, takeAway: () => Promise<void>): Promise<Map<string, number>> {
  const ids = new Map<string, number>();
  let away: Promise<void> | undefined;
  for (let n = 0; n < RUNS; n++) {
    const res = await api('POST', '/v1/task-runs', { endpointId, payload: { tag, n } });
    expect(res.status).toBe(202);
    ids.set(res.body.id, n);
    if (n === 20) away = takeAway();
  }
  await away;
  return ids;
}

/** The endpoint's runs that succeeded, page by page. */
async function succeeded(endpointId: string): Promise<number> {
  let count = 0;
  let cursor: string | null = null;
  do {
    const page: { data: unknown[]; nextCursor: string | null } = (
      await api('GET', `/v1/task-runs?endpointId=${endpointId}&status=success&limit=100${cursor ? `&cursor=${cursor}` : ''}`)
    ).body;
    count += page.data.length;
    cursor = page.nextCursor;
  } while (cursor);
  return count;
}

/** Every run's attempts: one success each, and the attempt count is the number of sends recorded. */
async function checkLedger(runs: Map<string, number>, name: string) {
  let attempts = 0;
  let failedSends = 0;
  for (const id of runs.keys()) {
    const run = (await api('GET', `/v1/task-runs/${id}`)).body;
    const list = (await api('GET', `/v1/task-runs/${id}/attempts?limit=100`)).body.data as Array<{ status: string; errorKind: string | null }>;
    expect(run.status).toBe('success');
    expect(run.attemptCount).toBe(list.length);
    expect(list.filter((a) => a.status === 'success')).toHaveLength(1);
    attempts += list.length;
    failedSends += list.filter((a) => a.status === 'failed').length;
  }
  console.log(`[${name} outage] ${runs.size} runs: ${attempts} attempts recorded (${failedSends} failed sends during the outage), every run success`);
}

function checkArrivals(bodies: string[], webhookIds: string[], name: string) {
  const ns = bodies.map((b) => (JSON.parse(b) as { tag: string; n: number }).n);
  const distinct = new Set(ns);
  const byId = new Map<string, Set<number>>();
  webhookIds.forEach((id, i) => byId.set(id, (byId.get(id) ?? new Set()).add(ns[i])));
  console.log(`[${name} outage] ${bodies.length} messages arrived for ${distinct.size} of ${RUNS} runs (${bodies.length - distinct.size} duplicates), 0 lost`);
  expect(distinct.size).toBe(RUNS);
  // A duplicate is the same run sent again: the same webhook-id, never a new one.
  expect(byId.size).toBe(RUNS);
  for (const set of byId.values()) expect(set.size).toBe(1);
}

describe('a queue destination away for 30 s', () => {
  it('Kafka killed and started again: all 200 runs delivered', async () => {
    await kafka.createTopic('outage', 2);
    const endpointId = await patientEndpoint({ type: 'kafka', brokers: [kafka.bootstrap], topic: 'outage' });
    let stoppedAt = 0;
    const runs = await sendRunsAcross(endpointId, 'kafka', async () => {
      await kafka.stop();
      stoppedAt = Date.now();
    });
    await sleep(OUTAGE_MS - (Date.now() - stoppedAt));
    await kafka.start();
    console.log(`[kafka outage] broker down ${Date.now() - stoppedAt} ms with runs in flight`);
    await waitFor(() => succeeded(endpointId), (n) => n === RUNS, 180_000, 1_000);
    // Every record the topic holds, duplicates included: as many as its partitions' high watermarks add up to.
    const admin = kafka.client().admin();
    await admin.connect();
    const total = (await admin.fetchTopicOffsets('outage')).reduce((sum, p) => sum + Number(p.high), 0);
    await admin.disconnect();
    const records = await kafka.readRecords('outage', total, 60_000);
    checkArrivals(records.map((r) => r.value!), records.map((r) => r.headers['webhook-id']), 'kafka');
    await checkLedger(runs, 'kafka');
  }, 300_000);

  it('SQS frozen and thawed: all 200 runs delivered', async () => {
    const queueUrl = await sqs.createQueue('outage');
    const endpointId = await patientEndpoint({ type: 'sqs', queueUrl, region: sqs.region, endpointUrl: sqs.url, accessKeyId: sqs.credentials.accessKeyId, secretAccessKey: sqs.credentials.secretAccessKey });
    let frozenAt = 0;
    const runs = await sendRunsAcross(endpointId, 'sqs', async () => {
      await sqs.freeze();
      frozenAt = Date.now();
    });
    await sleep(OUTAGE_MS - (Date.now() - frozenAt));
    await sqs.thaw();
    console.log(`[sqs outage] server frozen ${Date.now() - frozenAt} ms with runs in flight`);
    await waitFor(() => succeeded(endpointId), (n) => n === RUNS, 180_000, 1_000);
    const bodies: string[] = [];
    const ids: string[] = [];
    for (let empty = 0; empty < 3; ) {
      const out = await sqs.client.send(new ReceiveMessageCommand({ QueueUrl: queueUrl, MaxNumberOfMessages: 10, WaitTimeSeconds: 1, MessageAttributeNames: ['All'] }));
      const messages = out.Messages ?? [];
      if (messages.length === 0) empty++;
      for (const m of messages) {
        bodies.push(m.Body!);
        ids.push(m.MessageAttributes!['webhook-id'].StringValue!);
      }
      if (messages.length) {
        await sqs.client.send(new DeleteMessageBatchCommand({ QueueUrl: queueUrl, Entries: messages.map((m, i) => ({ Id: String(i), ReceiptHandle: m.ReceiptHandle! })) }));
      }
    }
    checkArrivals(bodies, ids, 'sqs');
    await checkLedger(runs, 'sqs');
  }, 300_000);
});
