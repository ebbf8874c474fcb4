// The queue-destination test brokers themselves (issue 33), proved with the stock clients the product
// uses: moto_server as SQS (@aws-sdk/client-sqs) and a Kafka 4 KRaft node (kafkajs). It also pins the
// errors each client gives for refused credentials, a missing queue or topic and a too-large message,
// which the product maps to destination_auth_failed, destination_not_found and its too-large outcome.
// Runs alone with `npm run test:brokers`; needs nothing of `npm test`'s shared stack.
import { GetQueueUrlCommand, ReceiveMessageCommand, SendMessageCommand } from '@aws-sdk/client-sqs';
import { Kafka, logLevel, type ISocketFactory } from 'kafkajs';
import { connect, Socket } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { consumeRecords, startKafka, type KafkaServer } from './helpers/kafka-server.js';
import { sqsClient, startSqsServer, type SqsServer } from './helpers/sqs-server.js';

/** What a thrown client error looks like, for the expectations and the printed summary. */
function describeError(err: unknown) {
  const e = err as Record<string, unknown> & { $metadata?: { httpStatusCode?: number }; originalError?: unknown; cause?: unknown };
  const inner = (e.originalError ?? e.cause) as Record<string, unknown> | undefined;
  return {
    name: String(e.name),
    // SDK errors carry Code, kafkajs protocol errors a type (and a numeric code), Node's socket errors a code.
    code: (e.Code ?? e.type ?? e.code) as string | undefined,
    status: e.$metadata?.httpStatusCode,
    message: String(e.message).split('\n')[0].slice(0, 160),
    inner: inner ? `${String(inner.name)}${inner.type ? ` ${String(inner.type)}` : ''}` : undefined,
  };
}

async function thrown(promise: Promise<unknown>) {
  try {
    await promise;
  } catch (err) {
    return describeError(err);
  }
  throw new Error('expected the call to fail');
}

const observed: Record<string, ReturnType<typeof describeError>> = {};
const startup: Record<string, number> = {};
afterAll(() => {
  console.log('[broker-servers] startup ms', JSON.stringify(startup));
  console.log('[broker-servers] errors observed:');
  for (const [what, e] of Object.entries(observed)) console.log(`  ${what}: ${JSON.stringify(e)}`);
});

describe('SQS (moto_server)', () => {
  let open: SqsServer;
  let checking: SqsServer;
  beforeAll(async () => {
    open = await startSqsServer();
    startup['sqs open'] = open.startupMs;
    checking = await startSqsServer({ checkCredentials: true });
    startup['sqs checking'] = checking.startupMs;
  });
  afterAll(async () => {
    await open?.close();
    await checking?.close();
  });

  it('delivers a message with its attributes, to a standard and a FIFO queue', async () => {
    for (const server of [open, checking]) {
      const queue = await server.createQueue(`orders-${server.port}`);
      await server.client.send(
        new SendMessageCommand({
          QueueUrl: queue,
          MessageBody: '{"id":1}',
          MessageAttributes: { 'edgecron-event': { DataType: 'String', StringValue: 'order.created' } },
        }),
      );
      const got = await server.client.send(new ReceiveMessageCommand({ QueueUrl: queue, MessageAttributeNames: ['All'], WaitTimeSeconds: 1 }));
      expect(got.Messages?.[0]?.Body).toBe('{"id":1}');
      expect(got.Messages?.[0]?.MessageAttributes?.['edgecron-event']?.StringValue).toBe('order.created');

      const fifo = await server.createQueue(`orders-${server.port}.fifo`);
      await server.client.send(new SendMessageCommand({ QueueUrl: fifo, MessageBody: 'a', MessageGroupId: 'g', MessageDeduplicationId: 'd1' }));
      const fromFifo = await server.client.send(new ReceiveMessageCommand({ QueueUrl: fifo, WaitTimeSeconds: 1 }));
      expect(fromFifo.Messages?.[0]?.Body).toBe('a');
    }
  });

  it('the checking server refuses an unknown access key and a wrong secret; the open one takes any', async () => {
    const queue = await checking.createQueue('auth');
    const send = (credentials: { accessKeyId: string; secretAccessKey: string }) =>
      sqsClient(checking.url, credentials).send(new SendMessageCommand({ QueueUrl: queue, MessageBody: 'x' }));
    observed['sqs unknown access key'] = await thrown(send({ accessKeyId: 'AKIAEDGECRONWRONGKEY', secretAccessKey: 'nope' }));
    observed['sqs wrong secret'] = await thrown(send({ accessKeyId: checking.credentials.accessKeyId, secretAccessKey: 'nope' }));
    // moto answers 403 with an XML body to the SDK's JSON protocol, so the SDK's error name is a
    // deserialization error; the status is the dependable signal (real SQS: 400/403 with
    // UnrecognizedClientException / InvalidClientTokenId / SignatureDoesNotMatch).
    expect(observed['sqs unknown access key']).toMatchObject({ name: 'SyntaxError', status: 403 });
    expect(observed['sqs wrong secret']).toMatchObject({ name: 'SyntaxError', status: 403 });
    // What that XML says (the SDK does not keep the body): IAM's error code.
    const raw = await fetch(queue, {
      method: 'POST',
      headers: {
        'content-type': 'application/x-amz-json-1.0',
        'x-amz-target': 'AmazonSQS.SendMessage',
        authorization: `AWS4-HMAC-SHA256 Credential=AKIAEDGECRONWRONGKEY/20260101/${checking.region}/sqs/aws4_request, SignedHeaders=host, Signature=0`,
      },
      body: '{}',
    });
    expect(raw.status).toBe(403);
    expect(await raw.text()).toContain('<Code>InvalidClientTokenId</Code>');

    const openQueue = await open.createQueue('auth');
    const anyKey = sqsClient(open.url, { accessKeyId: 'anything', secretAccessKey: 'at-all' });
    await expect(anyKey.send(new SendMessageCommand({ QueueUrl: openQueue, MessageBody: 'x' }))).resolves.toBeDefined();
  });

  it('names a missing queue and a message over the size limit', async () => {
    observed['sqs missing queue (SendMessage)'] = await thrown(
      checking.client.send(new SendMessageCommand({ QueueUrl: `${checking.url}/123456789012/no-such-queue`, MessageBody: 'x' })),
    );
    observed['sqs missing queue (GetQueueUrl)'] = await thrown(checking.client.send(new GetQueueUrlCommand({ QueueName: 'no-such-queue' })));
    expect(observed['sqs missing queue (SendMessage)']).toMatchObject({ name: 'QueueDoesNotExist', status: 400 });
    expect(observed['sqs missing queue (GetQueueUrl)']).toMatchObject({ name: 'QueueDoesNotExist', status: 400 });

    // moto 5.2.6 allows 1 MiB, SQS's limit since 2025 (it was 256 KiB).
    const queue = await checking.createQueue('sizes');
    await checking.client.send(new SendMessageCommand({ QueueUrl: queue, MessageBody: 'x'.repeat(256 * 1024 + 1) }));
    observed['sqs message over 1 MiB'] = await thrown(checking.client.send(new SendMessageCommand({ QueueUrl: queue, MessageBody: 'x'.repeat(1024 * 1024 + 1) })));
    expect(observed['sqs message over 1 MiB']).toMatchObject({ name: 'InvalidParameterValue', status: 400 });
  });

  it('stop then start on the same port: refused while down, then the same key and queue URLs work again', async () => {
    const queue = await checking.createQueue('restart.fifo');
    const { credentials, url } = checking;
    await checking.stop();
    observed['sqs server down'] = await thrown(checking.client.send(new SendMessageCommand({ QueueUrl: queue, MessageBody: 'x', MessageGroupId: 'g', MessageDeduplicationId: '1' })));
    // ECONNRESET when the SDK's kept-alive socket to the dead server is reused, else ECONNREFUSED.
    expect(['ECONNREFUSED', 'ECONNRESET']).toContain(observed['sqs server down'].code);
    await checking.start();
    startup['sqs checking restart'] = checking.startupMs;
    expect(checking.url).toBe(url);
    expect(checking.credentials).toEqual(credentials);
    await checking.client.send(new SendMessageCommand({ QueueUrl: queue, MessageBody: 'back', MessageGroupId: 'g', MessageDeduplicationId: '2' }));
    const got = await checking.client.send(new ReceiveMessageCommand({ QueueUrl: queue, WaitTimeSeconds: 1 }));
    expect(got.Messages?.[0]?.Body).toBe('back');
  });
});

describe('Kafka 4 (KRaft, one node)', () => {
  let plain: KafkaServer;
  let sasl: KafkaServer;
  beforeAll(async () => {
    plain = await startKafka();
    startup['kafka plaintext'] = plain.startupMs;
    sasl = await startKafka({ users: [{ username: 'edgecron', password: 'edgecron-secret' }] });
    startup['kafka sasl'] = sasl.startupMs;
  });
  afterAll(async () => {
    await plain?.close();
    await sasl?.close();
  });

  it('a record produced with acks=-1 and headers is consumed back', async () => {
    await plain.createTopic('orders', 3);
    const producer = plain.client().producer();
    await producer.connect();
    const [meta] = await producer.send({
      topic: 'orders',
      acks: -1,
      messages: [{ key: 'order-1', value: '{"id":1}', headers: { 'edgecron-event': 'order.created' } }],
    });
    await producer.disconnect();
    expect(meta.errorCode).toBe(0);
    const [record] = await consumeRecords(plain.client(), 'orders', 1);
    expect(record).toMatchObject({ key: 'order-1', value: '{"id":1}', headers: { 'edgecron-event': 'order.created' }, partition: meta.partition });
    // The helper's own reader (the internal listener) sees the same record.
    expect((await plain.readRecords('orders', 1))[0]).toEqual(record);
  });

  it('names a missing topic (auto-create off) and a record over message.max.bytes', async () => {
    const producer = plain.client().producer();
    await producer.connect();
    try {
      observed['kafka missing topic'] = await thrown(producer.send({ topic: 'no-such-topic', acks: -1, messages: [{ value: 'x' }] }));
      await plain.createTopic('sizes');
      observed['kafka record over 1 MB'] = await thrown(producer.send({ topic: 'sizes', acks: -1, messages: [{ value: 'x'.repeat(1024 * 1024 + 100) }] }));
    } finally {
      await producer.disconnect();
    }
    expect(observed['kafka missing topic'].name).toBe('KafkaJSNumberOfRetriesExceeded');
    expect(observed['kafka missing topic'].inner).toBe('KafkaJSProtocolError UNKNOWN_TOPIC_OR_PARTITION');
    expect(observed['kafka record over 1 MB']).toMatchObject({ name: 'KafkaJSProtocolError', code: 'MESSAGE_TOO_LARGE' });
  });

  it('SASL: PLAIN, SCRAM-SHA-256 and SCRAM-SHA-512 log in; a wrong password is refused', async () => {
    await sasl.createTopic('secured');
    for (const mechanism of ['plain', 'scram-sha-256', 'scram-sha-512'] as const) {
      const producer = sasl.client(mechanism).producer();
      await producer.connect();
      await producer.send({ topic: 'secured', acks: -1, messages: [{ value: mechanism }] });
      await producer.disconnect();
    }
    for (const mechanism of ['plain', 'scram-sha-512'] as const) {
      const producer = sasl.client(mechanism, { username: 'edgecron', password: 'wrong' }).producer();
      observed[`kafka wrong password (${mechanism})`] = await thrown(producer.connect());
      expect(observed[`kafka wrong password (${mechanism})`].name).toBe('KafkaJSSASLAuthenticationError');
    }
    // No SASL at all on a SASL listener: kafkajs connects (ApiVersions is allowed before authentication),
    // then the broker closes the connection on the first real request.
    const noAuth = new Kafka({ brokers: [sasl.bootstrap], logLevel: logLevel.NOTHING, retry: { retries: 0 } });
    const producer = noAuth.producer();
    await producer.connect();
    observed['kafka no SASL on a SASL listener'] = await thrown(producer.send({ topic: 'secured', acks: -1, messages: [{ value: 'x' }] }));
    await producer.disconnect();
    expect(observed['kafka no SASL on a SASL listener'].name).toBe('KafkaJSNumberOfRetriesExceeded');
  });

  it('advertisedHost: bootstrap 127.0.0.1, but the metadata hands back the private address', async () => {
    const masked = await startKafka({ advertisedHost: '10.0.0.5' });
    try {
      startup['kafka advertised 10.0.0.5'] = masked.startupMs;
      await masked.createTopic('t');
      // kafkajs connects to whatever the metadata names: a socket factory sees each address it dials
      // (and refuses all but loopback, as the product must refuse a learned private address).
      const dialed: string[] = [];
      const socketFactory: ISocketFactory = ({ host, port, onConnect }) => {
        dialed.push(`${host}:${port}`);
        if (host === '127.0.0.1') return connect({ host, port }, onConnect);
        const refused = new Socket();
        process.nextTick(() => refused.destroy(new Error(`refused ${host}: not loopback`)));
        return refused;
      };
      const kafka = new Kafka({ brokers: [masked.bootstrap], socketFactory, logLevel: logLevel.NOTHING, retry: { retries: 0 } });
      const producer = kafka.producer();
      observed['kafka metadata names a refused address'] = await thrown(
        producer.connect().then(() => producer.send({ topic: 't', acks: -1, messages: [{ value: 'x' }] })),
      );
      await producer.disconnect();
      expect(masked.bootstrap).toMatch(/^127\.0\.0\.1:/);
      expect(dialed[0]).toBe(masked.bootstrap);
      expect(dialed).toContain(`10.0.0.5:${masked.port}`);
    } finally {
      await masked.close();
    }
  });

  it('stop then start on the same ports and data: refused while down, then the old records and new sends work', async () => {
    await plain.createTopic('outage');
    const producer = plain.client().producer();
    await producer.connect();
    await producer.send({ topic: 'outage', acks: -1, messages: [{ value: 'before' }] });
    await producer.disconnect();
    await plain.stop();
    const down = new Kafka({ brokers: [plain.bootstrap], logLevel: logLevel.NOTHING, retry: { retries: 0 } });
    observed['kafka broker down'] = await thrown(down.producer().connect());
    expect(observed['kafka broker down']).toMatchObject({ name: 'KafkaJSNumberOfRetriesExceeded', inner: 'KafkaJSConnectionError' });
    await plain.start();
    startup['kafka plaintext restart'] = plain.startupMs;
    const again = plain.client().producer();
    await again.connect();
    await again.send({ topic: 'outage', acks: -1, messages: [{ value: 'after' }] });
    await again.disconnect();
    const records = await consumeRecords(plain.client(), 'outage', 2);
    expect(records.map((r) => r.value)).toEqual(['before', 'after']);
    expect((await sasl.readRecords('secured', 3)).map((r) => r.value).sort()).toEqual(['plain', 'scram-sha-256', 'scram-sha-512']);
  });
});
