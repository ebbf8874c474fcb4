// A real Apache Kafka 4.x for the queue-destination tests: one KRaft node that is broker and controller
// at once, from the jars `npm run setup:test` puts in .tools/kafka/libs (Maven Central), on free loopback
// ports, with a fresh data dir in a temp dir. Three listeners:
// - CLIENT, the one the product is given (`bootstrap`): PLAINTEXT, or SASL_PLAINTEXT with PLAIN,
//   SCRAM-SHA-256 and SCRAM-SHA-512 for the given users; it may advertise another host (advertisedHost)
//   so that metadata hands the client an address it must refuse;
// - INTERNAL, plaintext and advertised as 127.0.0.1: the broker's own listener and the helper's admin
//   (createTopic, readiness), which so works whatever CLIENT demands or advertises;
// - CONTROLLER, the KRaft quorum's.
// stop() kills the JVM (SIGKILL, a crash); start() brings it back on the same ports with the same data.
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { existsSync, readFileSync, realpathSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { Kafka, logLevel, type SASLOptions } from 'kafkajs';
import { freePort, portAnswers, startOwned, waitFor, type OwnedProcess } from './owned-process.js';

// The real path: the class-data archive (scripts/tools/kafka-cds.mjs) holds only for the class path it was made with.
export const KAFKA_LIBS = existsSync('.tools/kafka/libs') ? realpathSync('.tools/kafka/libs') : resolve('.tools/kafka/libs');
// A KRaft cluster id is 16 bytes in URL-safe base64; any fixed one will do for a throwaway node.
const CLUSTER_ID = 'RWRnZUNyb25UZXN0czMzIQ';

// Startup on two shared cores: a small serial-GC heap and the C1 compiler only (the JIT's C2 would
// compete with the test for CPU and a test broker never runs long enough to profit from it), and the
// classes mapped from the archive `npm run setup:test` trained (scripts/tools/kafka-cds.mjs, same flags).
const cdsArchive = () => {
  const version = readFileSync(join(KAFKA_LIBS, 'edgecron-kafka-version.txt'), 'utf8');
  const archive = join(KAFKA_LIBS, '..', `kafka-${version}.jsa`);
  // -Xshare:auto: a stale or mismatched archive is skipped (with a warning in the log), never fatal.
  return existsSync(archive) ? [`-XX:SharedArchiveFile=${archive}`, '-Xshare:auto'] : [];
};
const JVM_FLAGS = ['-Xms64m', '-Xmx384m', '-XX:+UseSerialGC', '-XX:TieredStopAtLevel=1', '-XX:-UsePerfData', '-Djava.awt.headless=true'];

export interface KafkaUser {
  username: string;
  password: string;
}

export interface KafkaServerOptions {
  /** SASL_PLAINTEXT on the client listener: each user may log in with PLAIN, SCRAM-SHA-256 or SCRAM-SHA-512. */
  users?: KafkaUser[];
  /** The host the client listener advertises in metadata (default 127.0.0.1), e.g. a private 10.0.0.5. */
  advertisedHost?: string;
  /** Off by default: producing to a missing topic fails instead of creating it. */
  autoCreateTopics?: boolean;
}

export interface KafkaServer {
  /** 127.0.0.1:PORT of the client listener, what the product is configured with. */
  bootstrap: string;
  port: number;
  /** The plaintext listener advertised as 127.0.0.1 (for test-side admin, never for the product). */
  internalBootstrap: string;
  users: KafkaUser[];
  /** A kafkajs client for the client listener, logged in as the first user with `mechanism` if SASL is on. */
  client(mechanism?: 'plain' | 'scram-sha-256' | 'scram-sha-512', user?: KafkaUser): Kafka;
  createTopic(name: string, partitions?: number): Promise<void>;
  /** The first `count` records of `topic`, read over the internal listener (works whatever CLIENT demands). */
  readRecords(topic: string, count: number, timeoutMs?: number): Promise<KafkaRecord[]>;
  /** Kills the JVM (SIGKILL) and waits until its port is closed. */
  stop(): Promise<void>;
  /** Starts it again on the same ports and data, and waits until it serves. */
  start(): Promise<void>;
  /** stop() and delete the data dir. */
  close(): Promise<void>;
  /** ms from spawning the JVM until the broker answered metadata on both listeners (the last start). */
  startupMs: number;
  logFile: string;
}

export async function startKafka(options: KafkaServerOptions = {}): Promise<KafkaServer> {
  if (!existsSync(join(KAFKA_LIBS, 'edgecron-kafka-version.txt'))) throw new Error(`${KAFKA_LIBS} is missing: run \`npm run setup:test\``);
  const users = options.users ?? [];
  const sasl = users.length > 0;
  const port = await freePort();
  const internalPort = await freePort();
  const controllerPort = await freePort();
  if (new Set([port, internalPort, controllerPort]).size < 3) return startKafka(options);
  const dir = await mkdtemp(join(tmpdir(), 'edgecron-kafka-'));
  const configFile = join(dir, 'server.properties');
  const logFile = join(dir, 'kafka.log');
  const clientProtocol = sasl ? 'SASL_PLAINTEXT' : 'PLAINTEXT';
  const properties: Record<string, string | number | boolean> = {
    'process.roles': 'broker,controller',
    'node.id': 1,
    'controller.quorum.voters': `1@127.0.0.1:${controllerPort}`,
    listeners: `CLIENT://127.0.0.1:${port},INTERNAL://127.0.0.1:${internalPort},CONTROLLER://127.0.0.1:${controllerPort}`,
    'advertised.listeners': `CLIENT://${options.advertisedHost ?? '127.0.0.1'}:${port},INTERNAL://127.0.0.1:${internalPort}`,
    'listener.security.protocol.map': `CLIENT:${clientProtocol},INTERNAL:PLAINTEXT,CONTROLLER:PLAINTEXT`,
    'controller.listener.names': 'CONTROLLER',
    'inter.broker.listener.name': 'INTERNAL',
    'log.dirs': join(dir, 'data'),
    'auto.create.topics.enable': options.autoCreateTopics ?? false,
    // One node: the internal topics cannot have more replicas, and one partition each is created fastest.
    'offsets.topic.replication.factor': 1,
    'offsets.topic.num.partitions': 1,
    'transaction.state.log.replication.factor': 1,
    'transaction.state.log.min.isr': 1,
    'transaction.state.log.num.partitions': 1,
    'share.coordinator.state.topic.replication.factor': 1,
    'share.coordinator.state.topic.min.isr': 1,
    'num.partitions': 1,
    'default.replication.factor': 1,
    'min.insync.replicas': 1,
    // A test's consumer group should start at once, not after the default 3 s wait for more members.
    'group.initial.rebalance.delay.ms': 0,
    // After a SIGKILL the controller keeps the dead incarnation's registration until its session times out
    // (9 s by default) and refuses the restarted broker meanwhile (DUPLICATE_BROKER_REGISTRATION).
    'broker.session.timeout.ms': 2000,
    'broker.heartbeat.interval.ms': 500,
    'num.network.threads': 2,
    'num.io.threads': 2,
    'num.recovery.threads.per.data.dir': 1,
    'log.cleaner.enable': false,
  };
  if (sasl) {
    const plainUsers = users.map((u) => `user_${u.username}="${u.password}"`).join(' ');
    Object.assign(properties, {
      'sasl.enabled.mechanisms': 'PLAIN,SCRAM-SHA-256,SCRAM-SHA-512',
      'listener.name.client.plain.sasl.jaas.config': `org.apache.kafka.common.security.plain.PlainLoginModule required ${plainUsers};`,
      'listener.name.client.scram-sha-256.sasl.jaas.config': 'org.apache.kafka.common.security.scram.ScramLoginModule required;',
      'listener.name.client.scram-sha-512.sasl.jaas.config': 'org.apache.kafka.common.security.scram.ScramLoginModule required;',
    });
  }
  await writeFile(configFile, Object.entries(properties).map(([k, v]) => `${k}=${v}`).join('\n') + '\n');
  // WARN and above into the log file (it says why a start failed; the error names it).
  const log4j = join(dir, 'log4j2.properties');
  await writeFile(
    log4j,
    [
      'rootLogger.level=WARN',
      'rootLogger.appenderRef.out.ref=out',
      'appender.out.type=Console',
      'appender.out.name=out',
      'appender.out.layout.type=PatternLayout',
      'appender.out.layout.pattern=[%d] %p %m (%c)%n',
      // The line that says the broker is up, kept for whoever reads the log.
      'logger.raft.name=kafka.server.KafkaRaftServer',
      'logger.raft.level=INFO',
    ].join('\n') + '\n',
  );
  const java = (main: string, args: string[]) => [...JVM_FLAGS, ...cdsArchive(), `-Dlog4j2.configurationFile=${log4j}`, '-cp', `${KAFKA_LIBS}/*`, main, ...args];

  // SCRAM users exist only in the metadata log: `format --add-scram` writes them before the first start.
  const scram = users.flatMap((u) =>
    ['SCRAM-SHA-256', 'SCRAM-SHA-512'].flatMap((m) => ['--add-scram', `${m}=[name=${u.username},password=${u.password}]`]),
  );
  const formatted = Date.now();
  const format = startOwned('java', java('kafka.tools.StorageTool', ['format', '--cluster-id', CLUSTER_ID, '--config', configFile, ...scram]), logFile);
  const code = await new Promise<number | null>((done) => format.child.once('exit', (c) => done(c)));
  if (code !== 0) throw new Error(`kafka-storage format exited ${code}; see ${logFile}`);
  const formatMs = Date.now() - formatted;

  let proc: OwnedProcess | undefined;
  // The readiness poll wants a quick no; the reader its retries (its first group join waits for the
  // broker to create __consumer_offsets, answered COORDINATOR_NOT_AVAILABLE meanwhile).
  const internal = (retries: number) =>
    new Kafka({ clientId: 'edgecron-test-admin', brokers: [`127.0.0.1:${internalPort}`], logLevel: logLevel.NOTHING, retry: { retries } });
  const adminKafka = internal(0);
  const readerKafka = internal(8);
  const server: KafkaServer = {
    bootstrap: `127.0.0.1:${port}`,
    port,
    internalBootstrap: `127.0.0.1:${internalPort}`,
    users,
    startupMs: 0,
    logFile,
    client(mechanism = 'plain', user = users[0]) {
      const auth: SASLOptions | undefined = sasl ? ({ mechanism, username: user.username, password: user.password } as SASLOptions) : undefined;
      return new Kafka({ clientId: 'edgecron-test', brokers: [server.bootstrap], sasl: auth, logLevel: logLevel.NOTHING, retry: { retries: 2 } });
    },
    async createTopic(name, partitions = 1) {
      const admin = adminKafka.admin();
      await admin.connect();
      try {
        await admin.createTopics({ topics: [{ topic: name, numPartitions: partitions, replicationFactor: 1 }], waitForLeaders: true });
      } finally {
        await admin.disconnect();
      }
    },
    readRecords: (topic, count, timeoutMs) => consumeRecords(readerKafka, topic, count, timeoutMs),
    async stop() {
      if (!proc) return;
      await proc.kill();
      proc = undefined;
      await waitFor('kafka port closed', async () => !(await portAnswers(port)), 10_000);
    },
    async start() {
      const started = Date.now();
      proc = startOwned('java', java('kafka.Kafka', [configFile]), logFile);
      const child = proc.child;
      // Ready = the broker is registered and unfenced: the admin's metadata request lists it.
      await waitFor(
        `kafka (log: ${logFile})`,
        async () => {
          const admin = adminKafka.admin();
          try {
            await admin.connect();
            const cluster = await admin.describeCluster();
            return cluster.brokers.length > 0 && (await portAnswers(port));
          } finally {
            await admin.disconnect().catch(() => undefined);
          }
        },
        60_000,
        () => child.exitCode !== null,
      );
      server.startupMs = Date.now() - started;
    },
    async close() {
      await server.stop();
      await rm(dir, { recursive: true, force: true });
    },
  };
  try {
    await server.start();
  } catch (err) {
    await server.stop();
    throw err;
  }
  console.log(`[kafka-server] ${clientProtocol} on ${server.bootstrap}: storage format ${formatMs} ms, broker ready in ${server.startupMs} ms`);
  return server;
}

export interface KafkaRecord {
  key: string | null;
  value: string | null;
  headers: Record<string, string>;
  partition: number;
  offset: string;
}

/** Consumes `topic` from the beginning with a fresh consumer group until `count` records came. */
export async function consumeRecords(kafka: Kafka, topic: string, count: number, timeoutMs = 30_000): Promise<KafkaRecord[]> {
  const consumer = kafka.consumer({ groupId: `edgecron-test-${topic}-${Date.now()}`, sessionTimeout: 10_000, heartbeatInterval: 1_000 });
  await consumer.connect();
  const records: KafkaRecord[] = [];
  try {
    await consumer.subscribe({ topic, fromBeginning: true });
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`consumed ${records.length} of ${count} records from ${topic} in ${timeoutMs} ms`)), timeoutMs);
      // A consumer that gave up (and will not restart itself) fails the read at once, with its reason.
      consumer.on(consumer.events.CRASH, ({ payload }) => {
        if (!payload.restart) reject(payload.error);
      });
      void consumer
        .run({
          eachMessage: async ({ partition, message }) => {
            const headers = Object.fromEntries(Object.entries(message.headers ?? {}).map(([k, v]) => [k, String(v)]));
            const text = (b: Buffer | null) => (b === null ? null : b.toString());
            records.push({ key: text(message.key), value: text(message.value), headers, partition, offset: message.offset });
            if (records.length >= count) {
              clearTimeout(timer);
              resolve();
            }
          },
        })
        .catch(reject);
    });
  } finally {
    await consumer.disconnect();
  }
  return records;
}
