// `npm run test:cluster`: the end-to-end suite's core files run unchanged against the production
// topology (a two-host Temporal cluster on PostgreSQL, two worker processes, two API replicas), and
// the fault cases kill its pieces through a control API.
import { randomBytes } from 'node:crypto';
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { tmpdir } from 'node:os';
import type { TestProject } from 'vitest/node';
import { generateSecretKey } from '../../src/domain/node/secret-box';
import { startClusterStack } from './helpers/cluster-stack';
import { startControl } from './helpers/control';

declare module 'vitest' {
  export interface ProvidedContext {
    /** Kills and restarts the stack's pieces (test/cluster/helpers/control.ts). */
    clusterControlUrl: string;
  }
}

const DIAGNOSTICS_FILE = 'test-results/cluster-stack-core.log';

export default async function setup(project: TestProject) {
  const security = {
    EDGECRON_SECRET_KEY: generateSecretKey(),
    EDGECRON_BOOTSTRAP_API_KEY: `ek_cluster_${randomBytes(24).toString('hex')}`,
    // The tests' receivers listen on loopback; the suite's own traffic is not throttled.
    DELIVERY_ALLOW_LIST: '127.0.0.0/8,::1',
    RATE_LIMIT_PER_SECOND: '0',
  };
  const stack = await startClusterStack('core', security, { taskQueue: 'edgecron-test' });
  const controlServer = await startControl(stack);
  project.provide('clusterControlUrl', controlServer.url);
  project.provide('apiUrl', stack.apiUrl);
  project.provide('databaseUrl', stack.databaseUrl);
  project.provide('temporalAddress', stack.temporalAddress);
  project.provide('temporalNamespace', stack.namespace);
  // The processes log to standard output here; no file for the tests to read.
  project.provide('logFile', join(tmpdir(), 'edgecron-cluster-no-log-file'));
  project.provide('apiKey', security.EDGECRON_BOOTSTRAP_API_KEY);
  project.provide('secretKey', security.EDGECRON_SECRET_KEY);
  return async () => {
    // The workers' and APIs' last warnings and errors (the faults cause some): what to read when a file
    // failed. Written to a file, not the console: teardown runs after vitest's summary, and 80 log
    // lines there would bury the summary at the end of CI's output.
    await mkdir('test-results', { recursive: true });
    await writeFile(DIAGNOSTICS_FILE, `${stack.diagnostics()}\n`);
    console.log(`[cluster stack core] last warnings and errors of its processes: ${DIAGNOSTICS_FILE}`);
    await controlServer.close();
    await stack.stop();
  };
}
