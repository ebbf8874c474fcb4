// Apache Kafka for the queue-destination tests, from Maven Central: Kafka's own tarball comes from its
// website, which these machines cannot reach, but its jars are on Maven Central. Maven copies them with
// their dependencies into .tools/kafka/libs (the tarball's libs/ layout), so that
// `java -cp '.tools/kafka/libs/*' kafka.Kafka server.properties` runs a KRaft broker and
// `kafka.tools.StorageTool format` prepares its data dir (test/helpers/kafka-server.ts does both).
// The version is pinned in kafka-pom.xml; a changed pin refetches.
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { resolve } from 'node:path';

export const KAFKA_LIBS = '.tools/kafka/libs';
const POM = 'scripts/tools/kafka-pom.xml';
const marker = `${KAFKA_LIBS}/edgecron-kafka-version.txt`;

const plain = (text) => text.replace(/\x1b\[[0-9;]*m/g, '');

export const kafkaVersion = () => /<kafka\.version>([^<]+)</.exec(readFileSync(POM, 'utf8'))[1];

export function installKafkaLibs(log) {
  const version = kafkaVersion();
  if (existsSync(marker) && readFileSync(marker, 'utf8') === version && existsSync(`${KAFKA_LIBS}/kafka_2.13-${version}.jar`)) {
    log(`Kafka ${version}: already in ${KAFKA_LIBS}`);
    return true;
  }
  const started = Date.now();
  try {
    // Stale jars of another version on the classpath would mix two Kafkas; the class-data archive
    // (kafka-cds.mjs) beside them holds only for the jars it was made from.
    rmSync('.tools/kafka', { recursive: true, force: true });
    // -B: no progress bars in CI logs; runtime scope is what the broker loads; ~/.m2 caches across clones.
    // Maven 3.8 prints bare colour codes even with -q: its output is shown only when it has words.
    const mvn = spawnSync('mvn', ['-B', '-q', '-f', POM, 'dependency:copy-dependencies', `-DoutputDirectory=${resolve(KAFKA_LIBS)}`, '-DincludeScope=runtime'], {
      encoding: 'utf8',
    });
    const said = plain(`${mvn.stdout ?? ''}${mvn.stderr ?? ''}`).trim();
    if (said) console.log(said);
    if (mvn.status !== 0) throw new Error(mvn.error?.message ?? `mvn exited ${mvn.status}`);
    const jars = readdirSync(KAFKA_LIBS).filter((f) => f.endsWith('.jar'));
    const mb = jars.reduce((sum, f) => sum + statSync(`${KAFKA_LIBS}/${f}`).size, 0) / 1e6;
    writeFileSync(marker, version);
    log(`Kafka ${version}: ${jars.length} jars (${mb.toFixed(0)} MB) from Maven Central into ${KAFKA_LIBS} in ${((Date.now() - started) / 1000).toFixed(1)} s`);
    return true;
  } catch (err) {
    log(`could not fetch Kafka ${version} from Maven Central: ${err.message}`);
    log(`  by hand: mvn -f ${POM} dependency:copy-dependencies -DoutputDirectory=${KAFKA_LIBS} -DincludeScope=runtime (needs java 17+ and mvn)`);
    return false;
  }
}
