// The destinations part's brokers: moto (SQS) and a one-node Kafka 4, the test suite's own servers
// (test/helpers), on loopback, children of the bench process: their CPU is not EdgeCron's and no
// figure counts it. Each gives the endpoint body that sends to its queue or topic and a count of the
// messages that arrived there.
import { GetQueueAttributesCommand } from '@aws-sdk/client-sqs';
import { startKafka, type KafkaServer } from '../test/helpers/kafka-server';
import { startSqsServer, type SqsServer } from '../test/helpers/sqs-server';

export const QUEUE_KINDS = ['sqs', 'kafka'] as const;
export type QueueKind = (typeof QUEUE_KINDS)[number];

export interface QueueTarget {
  /** The endpoint's `destination`. */
  destination: Record<string, unknown>;
  /** Messages in the queue or topic now (nothing consumes them during the part). */
  arrived(): Promise<number>;
}

export interface QueueBrokers {
  /** A new queue or topic of that name on the kind's broker. */
  target(kind: QueueKind, name: string): Promise<QueueTarget>;
  close(): Promise<void>;
}

async function sqsTarget(sqs: SqsServer, name: string): Promise<QueueTarget> {
  const queueUrl = await sqs.createQueue(name);
  return {
    // The fields one by one: sqs.credentials carries the SDK's `$source`, which the API refuses.
    destination: {
      type: 'sqs', queueUrl, region: sqs.region, endpointUrl: sqs.url,
      accessKeyId: sqs.credentials.accessKeyId, secretAccessKey: sqs.credentials.secretAccessKey,
    },
    async arrived() {
      // moto's "approximate" count is exact: one process, nothing in flight once the ledger says success.
      const out = await sqs.client.send(new GetQueueAttributesCommand({ QueueUrl: queueUrl, AttributeNames: ['ApproximateNumberOfMessages'] }));
      return Number(out.Attributes?.ApproximateNumberOfMessages ?? 0);
    },
  };
}

async function kafkaTarget(kafka: KafkaServer, topic: string): Promise<QueueTarget> {
  // One partition: the broker's work stays small beside EdgeCron's on a shared machine.
  await kafka.createTopic(topic, 1);
  return {
    destination: { type: 'kafka', brokers: [kafka.bootstrap], topic },
    async arrived() {
      // The topic's end offsets: every acknowledged record, without a consumer group's start-up.
      const admin = kafka.client().admin();
      await admin.connect();
      try {
        const offsets = await admin.fetchTopicOffsets(topic);
        return offsets.reduce((sum, p) => sum + Number(p.high) - Number(p.low), 0);
      } finally {
        await admin.disconnect();
      }
    },
  };
}

/** Starts both brokers (side by side: start-up is mostly waiting); closes whatever started if one fails. */
export async function startQueueBrokers(progress: (line: string) => void): Promise<QueueBrokers> {
  const [sqs, kafka] = await Promise.allSettled([startSqsServer(), startKafka()]);
  const started = [sqs, kafka].flatMap((s) => (s.status === 'fulfilled' ? [s.value] : []));
  const close = async () => {
    await Promise.all(started.map((s) => s.close().catch(() => undefined)));
  };
  if (sqs.status === 'rejected' || kafka.status === 'rejected') {
    await close();
    throw sqs.status === 'rejected' ? sqs.reason : (kafka as PromiseRejectedResult).reason;
  }
  const [moto, broker] = [sqs.value, kafka.value];
  progress(`brokers up: moto on ${moto.url} (${moto.startupMs} ms), Kafka on ${broker.bootstrap} (${broker.startupMs} ms)`);
  return { target: (kind, name) => (kind === 'sqs' ? sqsTarget(moto, name) : kafkaTarget(broker, name)), close };
}
