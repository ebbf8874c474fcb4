// Produces to Apache Kafka with kafkajs: one record per delivery, acks=all, the webhook-* headers as
// record headers, the ordering key (else the webhook-id) as the record key so a key stays in one
// partition, in order. Every socket the client opens, to a configured broker or to one the cluster's
// metadata names, passes the delivery address policy (guarded-socket.ts).
import { connect as tlsConnect } from 'node:tls';
import { connect as netConnect } from 'node:net';
import { Kafka, logLevel, Partitioners, type ISocketFactory, type Producer } from 'kafkajs';
import type { KafkaDestination } from '../../../src/contracts/destinations/kafka';
import type { ErrorKind } from '../../../src/domain/delivery-outcome';
import type { AllowList } from '../../../src/domain/node/address-policy';
import { BLOCKED_CODE } from '../http/guarded-agent';
import type { CallOutcome } from '../http/send-webhook';
import { guardedConnect } from './guarded-socket';
import { messageAttributes, scrub, withinTimeout, type OutboundMessage, type QueueSender } from './sender';

interface KafkaClient {
  producer: Producer;
  /** Connecting once, shared by the sends that arrive meanwhile; reset after a failure. */
  connected: Promise<void> | null;
  /** The last address the policy refused on this client's sockets: names a send's failure `blocked`. */
  refused: string | null;
}

const NOT_FOUND = new Set(['UNKNOWN_TOPIC_OR_PARTITION']);
const AUTH_FAILED = new Set(['SASL_AUTHENTICATION_FAILED', 'TOPIC_AUTHORIZATION_FAILED', 'CLUSTER_AUTHORIZATION_FAILED', 'ILLEGAL_SASL_STATE', 'UNSUPPORTED_SASL_MECHANISM']);
const TOO_LARGE = new Set(['MESSAGE_TOO_LARGE', 'RECORD_LIST_TOO_LARGE']);

interface KafkaError {
  name?: string;
  type?: string;
  code?: string | number;
  message?: string;
  cause?: KafkaError;
}

/** The innermost cause: kafkajs wraps the broker's answer in its retry and connection errors. */
function rootOf(err: KafkaError): KafkaError {
  let e = err;
  for (let depth = 0; e.cause && depth < 5; depth++) e = e.cause;
  return e;
}

function classify(err: KafkaError, client: KafkaClient, aborted: boolean): ErrorKind {
  const root = rootOf(err);
  const type = root.type ?? err.type ?? '';
  if (client.refused || root.code === BLOCKED_CODE) return 'blocked';
  if (NOT_FOUND.has(type)) return 'not_found';
  if (AUTH_FAILED.has(type) || root.name === 'KafkaJSSASLAuthenticationError' || err.name === 'KafkaJSSASLAuthenticationError') return 'auth_failed';
  if (TOO_LARGE.has(type)) return 'too_large';
  if (aborted || root.name === 'KafkaJSRequestTimeoutError') return 'timeout';
  if (root.name === 'KafkaJSConnectionError' || err.name === 'KafkaJSConnectionError' || err.name === 'KafkaJSNumberOfRetriesExceeded') return 'network';
  return 'rejected';
}

export function createKafkaSender(allowList: AllowList): QueueSender<KafkaDestination, KafkaClient> {
  function socketFactory(client: KafkaClient): ISocketFactory {
    return ({ host, port, ssl, onConnect }) => {
      // onConnect only once the connected address passed, so nothing is written to a refused one.
      const socket = guardedConnect(allowList, host, port, (lookup) =>
        ssl
          ? tlsConnect({ host, port, lookup, ...(ssl as object), ...(!/^[\d.:]+$/.test(host) && { servername: host }) })
          : netConnect({ host, port, lookup }),
      );
      socket.once('error', (err: NodeJS.ErrnoException) => {
        if (err.code === BLOCKED_CODE) client.refused = err.message;
      });
      socket.once(ssl ? 'secureConnect' : 'connect', () => setImmediate(() => !socket.destroyed && onConnect()));
      socket.setKeepAlive(true, 60_000);
      return socket;
    };
  }

  return {
    connect(d) {
      const client: KafkaClient = { producer: undefined as unknown as Producer, connected: null, refused: null };
      const kafka = new Kafka({
        clientId: d.clientId ?? 'edgecron',
        brokers: d.brokers,
        ssl: d.tls === true,
        ...(d.sasl && { sasl: { mechanism: d.sasl.mechanism, username: d.sasl.username, password: d.sasl.password } as never }),
        socketFactory: socketFactory(client),
        connectionTimeout: 5_000,
        // A few quick tries inside one send (a leader moved); anything longer is the endpoint's policy's.
        retry: { retries: 2, initialRetryTime: 100, maxRetryTime: 1_000 },
        logLevel: logLevel.NOTHING,
      });
      client.producer = kafka.producer({ allowAutoTopicCreation: false, createPartitioner: Partitioners.DefaultPartitioner });
      return client;
    },
    async send(client, d, message: OutboundMessage): Promise<CallOutcome> {
      const started = performance.now();
      const latency = () => Math.round(performance.now() - started);
      client.refused = null;
      return withinTimeout(message.request.timeoutMs, async (signal) => {
        try {
          client.connected ??= client.producer.connect();
          await client.connected;
          const [written] = await client.producer.send({
            topic: d.topic,
            acks: -1,
            timeout: message.request.timeoutMs,
            messages: [{ key: message.orderingKey ?? message.webhookId, value: message.request.body ?? '', headers: messageAttributes(message) }],
          });
          return { latencyMs: latency(), destinationResult: { partition: written.partition, offset: written.baseOffset ?? written.offset ?? '' } };
        } catch (err) {
          const e = err as KafkaError;
          const kind = classify(e, client, signal.aborted);
          const root = rootOf(e);
          const text = client.refused ?? [e.message, root !== e ? root.message : undefined].filter(Boolean).join(': ');
          return { errorKind: kind, errorMessage: scrub(text || 'Kafka refused the record', [d.sasl?.password]), latencyMs: latency() };
        }
      });
    },
    async close(client) {
      await client.producer.disconnect();
    },
  };
}
