// Delivery to Amazon SQS, against a real SQS-compatible server (moto_server from PyPI, on loopback,
// checking every request's signature against an IAM key; test/helpers/sqs-server.ts). The consumer side
// is the stock @aws-sdk/client-sqs and `standardwebhooks`.
import { ReceiveMessageCommand, type Message } from '@aws-sdk/client-sqs';
import { Webhook } from 'standardwebhooks';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { api, runUntilFinal } from './helpers/api';
import { createRun, fastPolicy } from './helpers/dead-letters';
import { startSqsServer, type SqsServer } from './helpers/sqs-server';

let sqs: SqsServer;
beforeAll(async () => {
  sqs = await startSqsServer({ checkCredentials: true });
}, 120_000);
afterAll(async () => {
  await sqs?.close();
});

const destination = (queueUrl: string, over: Record<string, unknown> = {}) => ({
  type: 'sqs',
  queueUrl,
  region: sqs.region,
  endpointUrl: sqs.url,
  accessKeyId: sqs.credentials.accessKeyId, secretAccessKey: sqs.credentials.secretAccessKey,
  ...over,
});

async function queueEndpoint(queueUrl: string, extra: Record<string, unknown> = {}, over: Record<string, unknown> = {}) {
  const res = await api('POST', '/v1/endpoints', { destination: destination(queueUrl, over), ...extra });
  expect(res.status, JSON.stringify(res.body)).toBe(201);
  return res.body as { id: string; secret: string };
}

/** Every message in the queue until `count` came (or `timeoutMs`), with its attributes. */
async function receive(queueUrl: string, count: number, timeoutMs = 30_000): Promise<Message[]> {
  const got: Message[] = [];
  const deadline = Date.now() + timeoutMs;
  while (got.length < count && Date.now() < deadline) {
    const out = await sqs.client.send(
      new ReceiveMessageCommand({ QueueUrl: queueUrl, MaxNumberOfMessages: 10, WaitTimeSeconds: 1, MessageAttributeNames: ['All'], MessageSystemAttributeNames: ['All'] }),
    );
    got.push(...(out.Messages ?? []));
  }
  return got;
}

const attributesOf = (m: Message) => Object.fromEntries(Object.entries(m.MessageAttributes ?? {}).map(([k, v]) => [k, v.StringValue!]));

describe('an SQS destination', () => {
  it('gets the signed body with the webhook headers as attributes; the attempt records the message id', async () => {
    const queueUrl = await sqs.createQueue('orders');
    const endpoint = await queueEndpoint(queueUrl);
    const payload = { order: 'ord_sqs_1', amount: 4200 };
    const run = await createRun(endpoint.id, payload);
    expect((await runUntilFinal(run.id)).status).toBe('success');

    const [message] = await receive(queueUrl, 1);
    const attributes = attributesOf(message);
    expect(Object.keys(attributes).sort()).toEqual(['traceparent', 'webhook-id', 'webhook-signature', 'webhook-timestamp']);
    // A stock verifier accepts it: the same signature an HTTP delivery carries, over the same body.
    expect(new Webhook(endpoint.secret).verify(message.Body!, attributes)).toEqual(payload);
    expect(message.Body).toBe(JSON.stringify(payload));

    const attempts = (await api('GET', `/v1/task-runs/${run.id}/attempts`)).body.data;
    expect(attempts).toHaveLength(1);
    expect(attempts[0]).toMatchObject({ statusCode: null, request: { url: queueUrl, method: null }, destinationResult: { messageId: message.MessageId } });
    expect(JSON.stringify(attempts)).not.toContain(sqs.credentials.secretAccessKey);
  });

  it('a FIFO queue gets the ordering key as message group and the webhook-id as deduplication id', async () => {
    const queueUrl = await sqs.createQueue('orders.fifo');
    const endpoint = await queueEndpoint(queueUrl);
    const keyed = (await api('POST', '/v1/task-runs', { endpointId: endpoint.id, payload: { n: 1 }, orderingKey: 'customer-7' })).body;
    const plain = await createRun(endpoint.id, { n: 2 });
    for (const id of [keyed.id, plain.id]) expect((await runUntilFinal(id)).status).toBe('success');

    const messages = await receive(queueUrl, 2);
    const byBody = new Map(messages.map((m) => [JSON.parse(m.Body!).n, m]));
    expect(byBody.get(1)!.Attributes).toMatchObject({ MessageGroupId: 'customer-7', MessageDeduplicationId: attributesOf(byBody.get(1)!)['webhook-id'] });
    expect(byBody.get(2)!.Attributes).toMatchObject({ MessageGroupId: endpoint.id, MessageDeduplicationId: attributesOf(byBody.get(2)!)['webhook-id'] });
  });

  it('refused credentials dead-letter at once as destination_auth_failed; after a PATCH fixes them, a replay delivers', async () => {
    const queueUrl = await sqs.createQueue('auth');
    const policy = await fastPolicy(5);
    const endpoint = await queueEndpoint(queueUrl, { retryPolicyId: policy.id }, { secretAccessKey: 'not-the-secret-0000' });
    const run = await createRun(endpoint.id, { order: 'ord_auth' });
    expect((await runUntilFinal(run.id)).status).toBe('dead_letter');
    const attempts = (await api('GET', `/v1/task-runs/${run.id}/attempts`)).body.data;
    expect(attempts).toHaveLength(1); // no retry can fix credentials
    expect(attempts[0].errorKind).toBe('auth_failed');
    expect(attempts[0].errorMessage).not.toContain('not-the-secret-0000');
    const deadLetter = (await api('GET', `/v1/dead-letters?endpointId=${endpoint.id}`)).body.data[0];
    expect(deadLetter.reason).toBe('destination_auth_failed');
    expect((await api('GET', `/v1/endpoints/${endpoint.id}`)).body.status).toBe('active'); // not disabled

    const current = (await api('GET', `/v1/endpoints/${endpoint.id}`)).body.destination;
    expect((await api('PATCH', `/v1/endpoints/${endpoint.id}`, { destination: { ...current, secretAccessKey: sqs.credentials.secretAccessKey } })).status).toBe(200);
    const replay = await api('POST', `/v1/dead-letters/${deadLetter.id}/replay`);
    expect(replay.status).toBe(202);
    expect((await runUntilFinal(replay.body.taskRun.id)).status).toBe('success');
    const [message] = await receive(queueUrl, 1);
    expect(JSON.parse(message.Body!)).toEqual({ order: 'ord_auth' });
  });

  it('a missing queue dead-letters as destination_not_found, and the endpoint stays active', async () => {
    const endpoint = await queueEndpoint(`${sqs.url}/123456789012/never-created`);
    const run = await createRun(endpoint.id);
    expect((await runUntilFinal(run.id)).status).toBe('dead_letter');
    const deadLetter = (await api('GET', `/v1/dead-letters?endpointId=${endpoint.id}`)).body.data[0];
    expect(deadLetter.reason).toBe('destination_not_found');
    expect((await api('GET', `/v1/endpoints/${endpoint.id}`)).body.status).toBe('active');
  });

  it("a payload at the API limit is over the queue's limit with its attributes: message_too_large, no retry", async () => {
    // SQS's classic 256 KiB, as a queue may still set it (SQS's own maximum is 1 MiB today).
    const queueUrl = await sqs.createQueue('large', { MaximumMessageSize: '262144' });
    const endpoint = await queueEndpoint(queueUrl, { retryPolicyId: (await fastPolicy(5)).id });
    // JSON of exactly 262,144 bytes (PAYLOAD_LIMIT_BYTES' default): the API takes it, SQS cannot with the attributes.
    const filler = 'x'.repeat(262_144 - JSON.stringify({ blob: '' }).length);
    const run = await createRun(endpoint.id, { blob: filler });
    expect((await runUntilFinal(run.id, 60_000)).status).toBe('dead_letter');
    const attempts = (await api('GET', `/v1/task-runs/${run.id}/attempts`)).body.data;
    expect(attempts).toHaveLength(1);
    expect(attempts[0].errorKind).toBe('too_large');
    expect(attempts[0].errorMessage).toMatch(/with its attributes; the queue's MaximumMessageSize is 262144/);
    expect((await api('GET', `/v1/dead-letters?endpointId=${endpoint.id}`)).body.data[0].reason).toBe('message_too_large');
  });
});
