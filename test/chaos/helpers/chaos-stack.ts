// A stack whose pieces can be killed one by one: embedded PostgreSQL and the Temporal dev server
// (both persisted to disk, so a restart finds its state), the worker as a child process (so
// `kill -9` is real) and the API in this process. One per chaos test file.
import { spawn, type ChildProcess } from 'node:child_process';
import { chmod, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client, Connection } from '@temporalio/client';
import { loadConfig, type Config } from '../../../src/config';
import { applyMigrations } from '../../../src/db/migrate';
import { createDb, type Db } from '../../../src/db/prisma';
import { startApiServer, type RunningApi } from '../../../src/runtime/api-server';
import { startEmbeddedPostgres, type RunningPostgres } from '../../../src/stack/embedded-postgres';
import { findTemporalCli } from '../../../src/stack/temporal-cli';
import { startTemporalDevServer, type RunningTemporal } from '../../../src/stack/temporal-dev-server';
import { CHAOS_SECURITY } from './security';
import { freePort } from '../../../src/stack/free-port';
import { freezeTree, thawTree } from './process-tree';


export interface WorkerChild {
  child: ChildProcess;
  /** Settles with the exit code (or signal name) when the process ends. */
  exited: Promise<number | string>;
  /** SIGKILL: no shutdown code runs at all. */
  kill9(): Promise<void>;
  /** SIGTERM: the worker's own graceful shutdown. */
  terminate(): Promise<number | string>;
}

export interface ChaosStack {
  config: Config;
  apiUrl: string;
  databaseUrl: string;
  temporalAddress: string;
  db: Db;
  temporal: Client;
  startWorker(extraEnv?: Record<string, string>): Promise<WorkerChild>;
  /** The workers' last warnings and errors, and how each ended: printed when a case fails. */
  workerDiagnostics(): string;
  stopPostgres(): Promise<void>;
  startPostgres(): Promise<void>;
  /** SIGSTOP to PostgreSQL and its backends: connections stay open and nothing answers (a hung host). */
  freezePostgres(): void;
  thawPostgres(): void;
  stopTemporal(): Promise<void>;
  startTemporal(): Promise<void>;
  /** SIGSTOP / SIGCONT: Temporal keeps its connections open and answers nothing, as a hung server does. */
  freezeTemporal(): void;
  thawTemporal(): void;
  /** The API as a child process of its own (so it can be killed for real), on a free port. */
  startApi(extraEnv?: Record<string, string>): Promise<WorkerChild & { url: string }>;
  stop(): Promise<void>;
}

const ROOT = new URL('../../../', import.meta.url).pathname;

/** Environment a worker or API child process reads through src/config.ts. */
export function childEnv(stack: Pick<ChaosStack, 'config' | 'databaseUrl' | 'temporalAddress'>, extra: Record<string, string> = {}) {
  return {
    PATH: process.env.PATH ?? '',
    HOME: process.env.HOME ?? '/tmp',
    DATABASE_URL: stack.databaseUrl,
    TEMPORAL_ADDRESS: stack.temporalAddress,
    TEMPORAL_NAMESPACE: stack.config.TEMPORAL_NAMESPACE,
    TEMPORAL_TASK_QUEUE: stack.config.TEMPORAL_TASK_QUEUE,
    WORKER_METRICS_PORT: '0',
    LOG_LEVEL: 'info',
    LOG_STDOUT: 'true',
    ...CHAOS_SECURITY,
    ...extra,
  };
}

/** Spawns `node --import tsx <entry>` and resolves once a log line matches `ready`. */
export async function spawnEntry(entry: string, env: Record<string, string>, ready: RegExp, log?: (l: string) => void): Promise<WorkerChild> {
  const child = spawn(process.execPath, ['--import', 'tsx', join(ROOT, entry)], { cwd: ROOT, env, stdio: ['ignore', 'pipe', 'pipe'] });
  const exited = new Promise<number | string>((resolve) => child.once('exit', (code, signal) => resolve(code ?? signal ?? -1)));
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`${entry} not ready within 90 s`)), 90_000);
    let buffered = '';
    const onData = (chunk: Buffer) => {
      buffered += chunk.toString();
      const lines = buffered.split('\n');
      buffered = lines.pop() ?? '';
      for (const line of lines) {
        log?.(line);
        if (ready.test(line)) {
          clearTimeout(timer);
          resolve();
        }
      }
    };
    child.stdout?.on('data', onData);
    child.stderr?.on('data', (c: Buffer) => log?.(c.toString().trimEnd()));
    void exited.then((code) => {
      clearTimeout(timer);
      reject(new Error(`${entry} exited (${code}) before it was ready`));
    });
  });
  const killOnExit = () => child.kill('SIGKILL');
  process.once('exit', killOnExit);
  void exited.then(() => process.removeListener('exit', killOnExit));
  return {
    child,
    exited,
    async kill9() {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
      await exited;
    },
    async terminate() {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
      return exited;
    },
  };
}

/** Up to three tries of `start`, calling `beforeRetry` between them (a fresh port). */
async function retried(start: () => Promise<void>, beforeRetry: () => Promise<void>): Promise<void> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await start();
    } catch (err) {
      if (attempt === 3) throw err;
      await new Promise((r) => setTimeout(r, 1000));
      await beforeRetry();
    }
  }
}

export async function startChaosStack(name: string, overrides: Record<string, string> = {}): Promise<ChaosStack> {
  const dataDir = await mkdtemp(join(tmpdir(), `edgecron-chaos-${name}-`));
  await chmod(dataDir, 0o755); // as root, PostgreSQL runs as its own user and must reach this folder
  const verbose = process.env.CHAOS_LOGS === '1';
  const config = loadConfig({
    PATH: process.env.PATH,
    PORT: '0',
    LOG_LEVEL: 'info',
    // CHAOS_LOGS=1 prints every process's logs (API here, worker and servers below).
    LOG_STDOUT: verbose ? 'true' : 'false',
    LOG_FILE: join(dataDir, 'api.log'),
    EDGECRON_DATA_DIR: dataDir,
    EDGECRON_PG_PORT: String(await freePort()),
    EDGECRON_TEMPORAL_PORT: String(await freePort()),
    TEMPORAL_TASK_QUEUE: `edgecron-chaos-${name}`,
    ...CHAOS_SECURITY,
    ...overrides,
  });
  const log = (source: string) => (line: string) => {
    if (verbose) console.log(`[${name}:${source}] ${line}`);
  };

  let pg: RunningPostgres | undefined;
  let temporalServer: RunningTemporal | undefined;
  const startPostgres = async () => {
    pg = await startEmbeddedPostgres({ dataDir: join(dataDir, 'postgres'), port: config.EDGECRON_PG_PORT, persistent: true, log: log('pg') });
  };
  const startTemporal = async () => {
    temporalServer = await startTemporalDevServer({
      cli: findTemporalCli(config.TEMPORAL_CLI, config.PATH),
      port: config.EDGECRON_TEMPORAL_PORT,
      dbFile: join(dataDir, 'temporal.db'),
      namespace: config.TEMPORAL_NAMESPACE,
      log: log('temporal'),
    });
  };
  // Two chaos files boot side by side: the other lane's servers may take a port between freePort() and
  // our bind (the dev server also opens a few ports of its own), and on a fresh machine both lanes' first
  // PostgreSQL races to create the postgres OS user. Each is one failed start: retry on fresh ports.
  await retried(startPostgres, async () => void (config.EDGECRON_PG_PORT = await freePort()));
  await retried(startTemporal, async () => void (config.EDGECRON_TEMPORAL_PORT = await freePort()));
  const databaseUrl = pg!.databaseUrl;
  const temporalAddress = temporalServer!.address;
  await applyMigrations(databaseUrl);
  const api: RunningApi = await startApiServer(config, databaseUrl, temporalAddress);
  const db = createDb(databaseUrl);
  const temporal = new Client({ connection: await Connection.connect({ address: temporalAddress }), namespace: config.TEMPORAL_NAMESPACE });
  const workers: WorkerChild[] = [];
  let frozen: number[] = [];
  const workerLines: string[] = [];
  const workerLog = (line: string) => {
    log('worker')(line);
    if (!/"level":(10|20|30),/.test(line)) workerLines.push(line.slice(0, 600));
    if (workerLines.length > 60) workerLines.shift();
  };

  const stack: ChaosStack = {
    config,
    apiUrl: api.url,
    databaseUrl,
    temporalAddress,
    db,
    temporal,
    async startWorker(extraEnv = {}) {
      const worker = await spawnEntry('src/main/worker.ts', childEnv(stack, extraEnv), /"worker running"/, workerLog);
      workers.push(worker);
      return worker;
    },
    workerDiagnostics: () =>
      [`workers: ${workers.map((w, i) => `#${i} ${w.child.exitCode ?? w.child.signalCode ?? 'running'}`).join(', ')}`, ...workerLines].join('\n'),
    stopPostgres: async () => pg?.stop(),
    startPostgres,
    freezePostgres() {
      if (!pg?.pid) throw new Error('PostgreSQL is not running here');
      frozen = freezeTree(pg.pid);
    },
    thawPostgres() {
      thawTree(frozen);
      frozen = [];
    },
    stopTemporal: async () => temporalServer?.stop(),
    // A restart keeps its port (the worker and API reconnect to it); its own extra ports are fresh each try.
    startTemporal: () => retried(startTemporal, async () => undefined),
    freezeTemporal: () => process.kill(temporalServer!.pid, 'SIGSTOP'),
    thawTemporal: () => process.kill(temporalServer!.pid, 'SIGCONT'),
    async startApi(extraEnv = {}) {
      const port = await freePort();
      const api = await spawnEntry('src/main/api.ts', childEnv(stack, { PORT: String(port), ...extraEnv }), /"API listening"/, workerLog);
      workers.push(api);
      return { ...api, url: `http://127.0.0.1:${port}` };
    },
    async stop() {
      thawTree(frozen); // a stopped server would never shut down
      for (const w of workers) await w.kill9();
      await api.close().catch(() => undefined);
      await temporal.connection.close().catch(() => undefined);
      await db.$disconnect().catch(() => undefined);
      await temporalServer?.stop();
      await pg?.stop();
      await rm(dataDir, { recursive: true, force: true });
    },
  };
  return stack;
}
