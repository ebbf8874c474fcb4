// Boots the stack under test: PostgreSQL and the Temporal dev server through the same local stack
// `npm start` and the tests use (throwaway data, free ports, no Web UI), then the API and the worker
// each in a child process of their own (the production entry points), so their CPU and memory can be
// measured apart. The local stack's own in-process worker and API stay idle on another task queue.
import { chmod, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import { loadConfig, type Config } from '../src/config';
import { generateSecretKey } from '../src/domain/node/secret-box';
import { startLocalStack } from '../src/runtime/local-stack';
import { freePort } from '../src/stack/free-port';
import { startProcessPair, type PairEnv, type ProcessPair } from './process-pair';
import type { StackPids } from './stack-cpu';

export const BENCH_TASK_QUEUE = 'edgecron-bench';

export interface BenchStack {
  apiUrl: string;
  /** The main pair's API and worker /metrics. */
  metricsUrls: string[];
  databaseUrl: string;
  temporalAddress: string;
  namespace: string;
  config: Config;
  /** Full-scope key the bench's API accepts (the bootstrap key of this throwaway stack). */
  apiKey: string;
  apiPid: number;
  workerPid: number;
  /** Every measured process: the API, the worker, Temporal and PostgreSQL (when this stack started them), this process. */
  pids: StackPids;
  /**
   * Another API + worker pair against the same PostgreSQL and Temporal, on its own task queue, with
   * `env` on top of the main pair's (the traced part's tracing settings). The caller stops it.
   */
  startPair(taskQueue: string, env: PairEnv): Promise<ProcessPair>;
  stop(): Promise<void>;
}

/** Already running PostgreSQL and Temporal to use instead of embedded ones (the smoke test's). */
export interface ExternalServices {
  databaseUrl: string;
  temporalAddress: string;
}

/** Tracing stays off unless a part turns it on, whatever the bench's own environment says. */
const TRACING_OFF: PairEnv = {
  OTEL_EXPORTER_OTLP_ENDPOINT: undefined,
  OTEL_EXPORTER_OTLP_TRACES_ENDPOINT: undefined,
  OTEL_EXPORTER_OTLP_HEADERS: undefined,
};

export async function startBenchStack(
  logLevel: string,
  log: (source: string, line: string) => void,
  external?: ExternalServices,
  cpuProfileDir?: string,
): Promise<BenchStack> {
  const dataDir = await mkdtemp(join(tmpdir(), 'edgecron-bench-'));
  await chmod(dataDir, 0o755); // as root, PostgreSQL runs as its own user and must reach this folder
  // The environment's worker tuning (WORKER_*) applies to the worker processes and to T0 alike.
  // Throwaway keys for a throwaway stack; loopback deliveries allowed; no rate limit on the load itself.
  const security = {
    EDGECRON_SECRET_KEY: generateSecretKey(),
    EDGECRON_BOOTSTRAP_API_KEY: `ek_bench_${randomBytes(24).toString('hex')}`,
    DELIVERY_ALLOW_LIST: '127.0.0.0/8,::1',
    RATE_LIMIT_PER_SECOND: '0',
  };
  const config = loadConfig({
    ...process.env,
    ...TRACING_OFF,
    ...security,
    PORT: '0',
    LOG_LEVEL: 'warn',
    EDGECRON_DATA_DIR: dataDir,
    EDGECRON_PG_PORT: String(await freePort()),
    EDGECRON_TEMPORAL_PORT: String(await freePort()),
    TEMPORAL_TASK_QUEUE: 'edgecron-bench-idle',
    DATABASE_URL: external?.databaseUrl,
    TEMPORAL_ADDRESS: external?.temporalAddress,
  });
  const stack = await startLocalStack(config, { persistent: false, withUi: false, log });
  const childEnv: PairEnv = {
    ...TRACING_OFF,
    DATABASE_URL: stack.databaseUrl,
    TEMPORAL_ADDRESS: stack.temporalAddress,
    TEMPORAL_NAMESPACE: config.TEMPORAL_NAMESPACE,
    TEMPORAL_TASK_QUEUE: BENCH_TASK_QUEUE,
    LOG_LEVEL: logLevel,
    HOST: '127.0.0.1',
    ...security,
  };
  const startPair = (taskQueue: string, env: PairEnv) =>
    startProcessPair({ ...childEnv, TEMPORAL_TASK_QUEUE: taskQueue, ...env }, log, cpuProfileDir);
  let pair: ProcessPair;
  try {
    pair = await startPair(BENCH_TASK_QUEUE, {});
  } catch (err) {
    await stack.stop();
    await rm(dataDir, { recursive: true, force: true });
    throw err;
  }
  return {
    apiUrl: pair.apiUrl,
    metricsUrls: pair.metricsUrls,
    databaseUrl: stack.databaseUrl,
    temporalAddress: stack.temporalAddress,
    namespace: config.TEMPORAL_NAMESPACE,
    config,
    apiKey: security.EDGECRON_BOOTSTRAP_API_KEY,
    apiPid: pair.apiPid,
    workerPid: pair.workerPid,
    pids: { api: pair.apiPid, worker: pair.workerPid, temporal: stack.pids.temporal, postgres: stack.pids.postgres, bench: process.pid },
    startPair,
    async stop() {
      await pair.stop();
      await stack.stop();
      await rm(dataDir, { recursive: true, force: true });
    },
  };
}
