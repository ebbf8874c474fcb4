// Boots the same stack `npm start` runs (src/runtime/local-stack.ts), on free ports, with throwaway
// data, and hands its addresses to the tests.
import { chmod, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { TestProject } from 'vitest/node';
import { loadConfig } from '../src/config';
import { generateApiKey } from '../src/domain/node/api-key';
import { generateSecretKey } from '../src/domain/node/secret-box';
import { startLocalStack } from '../src/runtime/local-stack';
import { freePort } from '../src/stack/free-port';

declare module 'vitest' {
  export interface ProvidedContext {
    apiUrl: string;
    databaseUrl: string;
    temporalAddress: string;
    temporalNamespace: string;
    logFile: string;
    /** The stack's bootstrap API key (full scope); test/helpers/api.ts sends it. */
    apiKey: string;
    /** The key that seals endpoint secrets at rest, for tests that open DB rows. */
    secretKey: string;
  }
}

export default async function setup(project: TestProject) {
  const dataDir = await mkdtemp(join(tmpdir(), 'edgecron-test-'));
  await chmod(dataDir, 0o755); // as root, PostgreSQL runs as its own user and must reach this folder
  const config = loadConfig({
    PATH: process.env.PATH,
    PORT: '0',
    // Everything goes to a file the tests can read; TEST_LOGS=1 also prints it.
    LOG_LEVEL: process.env.TEST_LOG_LEVEL ?? 'info',
    LOG_STDOUT: process.env.TEST_LOGS === '1' ? 'true' : 'false',
    EDGECRON_DATA_DIR: dataDir,
    EDGECRON_PG_PORT: String(await freePort()),
    EDGECRON_TEMPORAL_PORT: String(await freePort()),
    TEMPORAL_TASK_QUEUE: 'edgecron-test',
    LOG_FILE: join(dataDir, 'edgecron.log'),
    EDGECRON_BOOTSTRAP_API_KEY: generateApiKey(),
    EDGECRON_SECRET_KEY: generateSecretKey(),
    // The tests' receivers listen on loopback: allowed explicitly, as `npm start` does. Tests of the
    // refusal itself use the delivery agent with an empty allow-list (test/ssrf-delivery.test.ts).
    DELIVERY_ALLOW_LIST: '127.0.0.0/8,::1',
    // The suite's own traffic is not throttled; test/api-limits.test.ts runs a limited API of its own.
    RATE_LIMIT_PER_SECOND: '0',
    // Tests send bad keys on purpose from one address; test/auth-rate-limits.test.ts runs limited APIs of its own.
    AUTH_FAILURE_LIMIT_PER_MINUTE: '0',
  });
  const started = Date.now();
  const verbose = process.env.TEST_STACK_LOGS === '1';
  const stack = await startLocalStack(config, {
    persistent: false,
    withUi: false,
    log: (source, line) => {
      if (verbose || source === 'stack') console.log(`[${source}] ${line}`);
    },
  });
  console.log(`[test stack] up in ${Date.now() - started} ms: API ${stack.api.url}, Temporal ${stack.temporalAddress}`);
  project.provide('apiUrl', stack.api.url);
  project.provide('databaseUrl', stack.databaseUrl);
  project.provide('temporalAddress', stack.temporalAddress);
  project.provide('temporalNamespace', config.TEMPORAL_NAMESPACE);
  project.provide('logFile', config.LOG_FILE!);
  project.provide('apiKey', config.EDGECRON_BOOTSTRAP_API_KEY!);
  project.provide('secretKey', config.EDGECRON_SECRET_KEY!);
  return async () => {
    await stack.stop();
    await rm(dataDir, { recursive: true, force: true });
  };
}
