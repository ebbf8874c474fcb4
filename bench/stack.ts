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
import { startRestartableTemporal, type RestartableTemporal } from './restartable-temporal';
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
  /** Stop and start the Temporal server again, state kept (only with `restartableTemporal`); `pids.temporal` follows. */
  temporal?: { stop(): Promise<void>; start(): Promise<void> };
  stop(): Promise<void>;
}

export interface BenchStackOptions {
  /** Temporal on a SQLite file, so a part can stop and start it (slower than the in-memory default). */
  restartableTemporal?: boolean;
  /** Settings for the main pair on top of the bench's (the backlog part's DISPATCH_BACKLOG_LIMIT). */
  pairEnv?: PairEnv;
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
  o: BenchStackOptions = {},
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
  const ownTemporal: RestartableTemporal | undefined =
    o.restartableTemporal && !external ? await startRestartableTemporal(config, dataDir, (l) => log('temporal', l)) : undefined;
  const stack = await startLocalStack(ownTemporal ? { ...config, TEMPORAL_ADDRESS: ownTemporal.address } : config, {
    persistent: false,
    withUi: false,
    log,
  }).catch(async (err: unknown) => {
    await ownTemporal?.stop();
    throw err;
  });
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
    pair = await startPair(BENCH_TASK_QUEUE, o.pairEnv ?? {});
  } catch (err) {
    await stack.stop();
    await ownTemporal?.stop();
    await rm(dataDir, { recursive: true, force: true });
    throw err;
  }
  const pids: StackPids = { api: pair.apiPid, worker: pair.workerPid, temporal: ownTemporal?.pid() ?? stack.pids.temporal, postgres: stack.pids.postgres, bench: process.pid };
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
    pids,
    startPair,
    temporal: ownTemporal && {
      stop: async () => {
        await ownTemporal.stop();
        pids.temporal = undefined;
      },
      start: async () => {
        await ownTemporal.start();
        pids.temporal = ownTemporal.pid();
      },
    },
    async stop() {
      await pair.stop();
      await stack.stop();
      await ownTemporal?.stop();
      await rm(dataDir, { recursive: true, force: true });
    },
  };
}
