// Boots the stack under test: PostgreSQL and the Temporal dev server through the same local stack
// `npm start` and the tests use (throwaway data, free ports, no Web UI), then the API and the worker
// each in a child process of their own (the production entry points), so their CPU and memory can be
// measured apart. The local stack's own in-process worker and API stay idle on another task queue.
import { spawn, type ChildProcess } from 'node:child_process';
import { chmod, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { randomBytes } from 'node:crypto';
import { loadConfig, type Config } from '../src/config';
import { generateSecretKey } from '../src/domain/secret-box';
import { startLocalStack } from '../src/runtime/local-stack';
import { freePort } from '../src/stack/free-port';

export const BENCH_TASK_QUEUE = 'edgecron-bench';

export interface BenchStack {
  apiUrl: string;
  databaseUrl: string;
  temporalAddress: string;
  namespace: string;
  config: Config;
  /** Full-scope key the bench's API accepts (the bootstrap key of this throwaway stack). */
  apiKey: string;
  apiPid: number;
  workerPid: number;
  stop(): Promise<void>;
}

/** Already running PostgreSQL and Temporal to use instead of embedded ones (the smoke test's). */
export interface ExternalServices {
  databaseUrl: string;
  temporalAddress: string;
}


const root = fileURLToPath(new URL('..', import.meta.url));

function spawnEntry(entry: string, env: Record<string, string>, log: (line: string) => void, cpuProfileDir?: string): ChildProcess {
  // --cpu-prof-dir: V8 CPU profiles of the API and worker (written when they exit), to see where time goes.
  const profile = cpuProfileDir ? ['--cpu-prof', '--cpu-prof-dir', cpuProfileDir] : [];
  const child = spawn(process.execPath, [...profile, '--import', 'tsx', join(root, entry)], {
    cwd: root,
    env: { ...process.env, ...env },
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  child.stderr?.on('data', (c: Buffer) => c.toString().split('\n').filter(Boolean).forEach(log));
  const kill = () => child.kill('SIGKILL');
  process.once('exit', kill); // never leave a child behind
  child.once('exit', () => process.removeListener('exit', kill));
  return child;
}

function stopChild(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((done) => {
    const killer = setTimeout(() => child.kill('SIGKILL'), 15_000);
    child.once('exit', () => {
      clearTimeout(killer);
      done();
    });
    child.kill('SIGTERM');
  });
}

async function waitForHealthy(url: string, child: ChildProcess, timeoutMs = 60_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`API process exited with code ${child.exitCode}`);
    try {
      const res = await fetch(`${url}/healthz`);
      if (res.ok) return;
    } catch {
      /* not listening yet */
    }
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error(`API not healthy at ${url}`);
}

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
  const apiPort = await freePort();
  const childEnv = {
    DATABASE_URL: stack.databaseUrl,
    TEMPORAL_ADDRESS: stack.temporalAddress,
    TEMPORAL_NAMESPACE: config.TEMPORAL_NAMESPACE,
    TEMPORAL_TASK_QUEUE: BENCH_TASK_QUEUE,
    LOG_LEVEL: logLevel,
    WORKER_METRICS_PORT: '0',
    HOST: '127.0.0.1',
    ...security,
  };
  const worker = spawnEntry('src/main/worker.ts', childEnv, (l) => log('worker', l), cpuProfileDir);
  const api = spawnEntry('src/main/api.ts', { ...childEnv, PORT: String(apiPort) }, (l) => log('api', l), cpuProfileDir);
  const apiUrl = `http://127.0.0.1:${apiPort}`;
  const stop = async () => {
    await stopChild(api);
    await stopChild(worker);
    await stack.stop();
    await rm(dataDir, { recursive: true, force: true });
  };
  try {
    await waitForHealthy(apiUrl, api);
  } catch (err) {
    await stop();
    throw err;
  }
  return {
    apiUrl,
    databaseUrl: stack.databaseUrl,
    temporalAddress: stack.temporalAddress,
    namespace: config.TEMPORAL_NAMESPACE,
    config,
    apiKey: security.EDGECRON_BOOTSTRAP_API_KEY,
    apiPid: api.pid!,
    workerPid: worker.pid!,
    stop,
  };
}
