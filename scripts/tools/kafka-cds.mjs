// A class-data-sharing archive of the classes a Kafka broker loads while it starts: on two shared cores
// the JVM spends most of a test broker's startup loading and verifying classes, and mapping them from
// this archive instead halves it (measured here: 7.4 s -> 3.5-4.3 s under load). The archive is made by
// one training run (format a throwaway data dir, start a broker, stop it once it is up: the JVM writes
// the classes it loaded at exit, -XX:ArchiveClassesAtExit) and is used by test/helpers/kafka-server.ts
// when present. It is only a speed-up: a failed training run is reported and the tests run without it.
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, realpathSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { KAFKA_LIBS, kafkaVersion } from './kafka-libs.mjs';

// test/helpers/kafka-server.ts's flags; an archive survives other heap sizes, but the class path must be equal.
const JVM_FLAGS = ['-Xms64m', '-Xmx384m', '-XX:+UseSerialGC', '-XX:TieredStopAtLevel=1', '-XX:-UsePerfData', '-Djava.awt.headless=true'];
export const kafkaCdsArchive = () => `.tools/kafka/kafka-${kafkaVersion()}.jsa`;

const freePort = () =>
  new Promise((resolve) => {
    const server = createServer().listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });

export async function trainKafkaCds(log) {
  const archive = kafkaCdsArchive();
  if (existsSync(archive)) {
    log(`Kafka class-data archive: already in ${archive}`);
    return true;
  }
  const started = Date.now();
  const dir = mkdtempSync(join(tmpdir(), 'edgecron-kafka-cds-'));
  try {
    const [port, controller] = [await freePort(), await freePort()];
    const config = join(dir, 'server.properties');
    writeFileSync(
      config,
      [
        'process.roles=broker,controller',
        'node.id=1',
        `controller.quorum.voters=1@127.0.0.1:${controller}`,
        `listeners=PLAINTEXT://127.0.0.1:${port},CONTROLLER://127.0.0.1:${controller}`,
        'controller.listener.names=CONTROLLER',
        `log.dirs=${join(dir, 'data')}`,
        'offsets.topic.replication.factor=1',
        'transaction.state.log.replication.factor=1',
        'transaction.state.log.min.isr=1',
        '',
      ].join('\n'),
    );
    // Only the line that says the broker is up, which is when the training run may stop.
    const log4j = join(dir, 'log4j2.properties');
    writeFileSync(
      log4j,
      ['rootLogger.level=ERROR', 'rootLogger.appenderRef.out.ref=out', 'appender.out.type=Console', 'appender.out.name=out',
        'appender.out.layout.type=PatternLayout', 'appender.out.layout.pattern=%m%n', 'logger.raft.name=kafka.server.KafkaRaftServer', 'logger.raft.level=INFO', ''].join('\n'),
    );
    const flags = [...JVM_FLAGS, `-Dlog4j2.configurationFile=${log4j}`];
    // The real path: the JVM accepts an archive only for the same class path it was made with.
    const classpath = `${realpathSync(KAFKA_LIBS)}/*`;
    const format = spawnSync('java', [...flags, '-cp', classpath, 'kafka.tools.StorageTool', 'format', '--cluster-id', 'RWRnZUNyb25UZXN0czMzIQ', '--config', config], { encoding: 'utf8' });
    if (format.status !== 0) throw new Error(`storage format failed: ${format.stderr || format.stdout}`);
    const tmpArchive = join(dir, 'kafka.jsa');
    const broker = spawn('java', [...flags, `-XX:ArchiveClassesAtExit=${tmpArchive}`, '-cp', classpath, 'kafka.Kafka', config], { stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    const exited = new Promise((resolve) => broker.once('exit', resolve));
    await new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`broker not up after 120 s: ${output.slice(-1000)}`)), 120_000);
      const onData = (chunk) => {
        output += chunk;
        if (output.includes('Kafka Server started')) {
          clearTimeout(timer);
          resolve();
        }
      };
      broker.stdout.on('data', onData);
      broker.stderr.on('data', onData);
      broker.once('exit', (code) => reject(new Error(`broker exited (${code}) before it was up: ${output.slice(-1000)}`)));
    }).catch((err) => {
      broker.kill('SIGKILL');
      throw err;
    });
    // SIGTERM: an orderly JVM exit, which is when the archive is written.
    broker.kill('SIGTERM');
    await exited;
    if (!existsSync(tmpArchive)) throw new Error(`the JVM wrote no archive: ${output.slice(-1000)}`);
    writeFileSync(archive, readFileSync(tmpArchive));
    log(`Kafka class-data archive: trained in ${((Date.now() - started) / 1000).toFixed(1)} s into ${archive}`);
    return true;
  } catch (err) {
    log(`Kafka class-data archive not made (the tests' brokers start slower without it): ${err.message}`);
    return true;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
