// The worker's queue clients (activities/delivery/senders), run here in the test process against the
// real servers: one client per endpoint reused across sends, built again when the endpoint changes,
// closed by the sweep once the endpoint is deleted, and all closed at the end.
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { createGuardedAgent } from '../activities/delivery/http/guarded-agent';
import { createSenders, type Senders } from '../activities/delivery/senders';
import type { OutboundMessage } from '../activities/delivery/senders/sender';
import type { Destination } from '../src/contracts/destinations';
import { createDb, type Db } from '../src/db/prisma';
import { parseAllowList } from '../src/domain/node/address-policy';
import { api } from './helpers/api';
import { startKafka, type KafkaServer } from './helpers/kafka-server';
import { startSqsServer, type SqsServer } from './helpers/sqs-server';

let sqs: SqsServer;
let kafka: KafkaServer;
let senders: Senders;
let db: Db;
beforeAll(async () => {
  [sqs, kafka] = await Promise.all([startSqsServer(), startKafka()]);
  const allowList = parseAllowList('127.0.0.0/8');
  senders = createSenders(createGuardedAgent({ allowList }), allowList);
  db = createDb(inject('databaseUrl'));
}, 180_000);
afterAll(async () => {
  await senders?.close();
  await db?.$disconnect();
  await Promise.all([sqs?.close(), kafka?.close()]);
});

const message = (endpointId: string, endpointVersion: Date, n: number): OutboundMessage => ({
  request: {
    url: 'unused',
    method: 'POST',
    headers: { 'webhook-id': `msg_clients_${n}`, 'webhook-timestamp': '1700000000', 'webhook-signature': 'v1,unchecked' },
    body: JSON.stringify({ n }),
    timeoutMs: 10_000,
    responseBodyCap: 1024,
  },
  endpointId,
  endpointVersion,
  webhookId: `msg_clients_${n}`,
  orderingKey: null,
  eventType: null,
});

describe('queue clients', () => {
  it('are built once per endpoint and reused across sends, for SQS and Kafka', async () => {
    const queueUrl = await sqs.createQueue('clients');
    await kafka.createTopic('clients', 1);
    const destinations: Destination[] = [
      { type: 'sqs', queueUrl, region: sqs.region, endpointUrl: sqs.url, accessKeyId: sqs.credentials.accessKeyId, secretAccessKey: sqs.credentials.secretAccessKey },
      { type: 'kafka', brokers: [kafka.bootstrap], topic: 'clients' },
    ];
    const version = new Date();
    for (const [i, destination] of destinations.entries()) {
      for (let n = 0; n < 5; n++) {
        const outcome = await senders.send(destination, message(`ep_clients_${i}`, version, n));
        expect(outcome.errorKind, outcome.errorMessage).toBeUndefined();
        expect(senders.openClients()).toBe(i + 1);
      }
    }
    // A newer version of an endpoint replaces its client (the old one is closed), it does not add one.
    const later = new Date(version.getTime() + 1000);
    expect((await senders.send(destinations[1], message('ep_clients_1', later, 9))).errorKind).toBeUndefined();
    expect(senders.openClients()).toBe(2);
    await senders.close();
    expect(senders.openClients()).toBe(0);
  });

  it("the sweep closes a deleted endpoint's client and keeps a live one's", async () => {
    await kafka.createTopic('sweep', 1);
    const destination: Destination = { type: 'kafka', brokers: [kafka.bootstrap], topic: 'sweep' };
    const kept = (await api('POST', '/v1/endpoints', { destination })).body;
    const gone = (await api('POST', '/v1/endpoints', { destination })).body;
    for (const e of [kept, gone]) expect((await senders.send(destination, message(e.id, new Date(e.updatedAt), 1))).errorKind).toBeUndefined();
    expect(senders.openClients()).toBe(2);
    expect((await api('DELETE', `/v1/endpoints/${gone.id}`)).status).toBe(200);
    await senders.sweep(db);
    expect(senders.openClients()).toBe(1);
  });
});
