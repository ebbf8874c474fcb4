// One EdgeCron API process and one worker process (the production entry points) on a task queue, as
// child processes of the bench so each one's CPU and memory can be read apart.
import { spawn, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { freePort } from '../src/stack/free-port';

export interface ProcessPair {
  apiUrl: string;
  /** The API's and the worker's Prometheus endpoints. */
  metricsUrls: string[];
  apiPid: number;
  workerPid: number;
  /** SIGTERM both (API first) and wait: each flushes what it buffered, spans included, as it exits. */
  stop(): Promise<void>;
}

/** Environment for the pair; an undefined value removes a variable inherited from the bench. */
export type PairEnv = Record<string, string | undefined>;

const root = fileURLToPath(new URL('..', import.meta.url));

function spawnEntry(entry: string, env: PairEnv, log: (line: string) => void, cpuProfileDir?: string): ChildProcess {
  // --cpu-prof-dir: V8 CPU profiles of the API and worker (written when they exit), to see where time goes.
  const profile = cpuProfileDir ? ['--cpu-prof', '--cpu-prof-dir', cpuProfileDir] : [];
  const child = spawn(process.execPath, [...profile, '--import', 'tsx', join(root, entry)], {
    cwd: root,
    env: { ...process.env, ...env }, // spawn leaves out variables whose value is undefined
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

export async function startProcessPair(
  env: PairEnv,
  log: (source: 'api' | 'worker', line: string) => void,
  cpuProfileDir?: string,
): Promise<ProcessPair> {
  const apiPort = await freePort();
  const workerMetricsPort = await freePort();
  const worker = spawnEntry('src/main/worker.ts', { ...env, WORKER_METRICS_PORT: String(workerMetricsPort) }, (l) => log('worker', l), cpuProfileDir);
  const api = spawnEntry('src/main/api.ts', { ...env, PORT: String(apiPort) }, (l) => log('api', l), cpuProfileDir);
  const apiUrl = `http://127.0.0.1:${apiPort}`;
  const stop = async () => {
    await stopChild(api);
    await stopChild(worker);
  };
  try {
    await waitForHealthy(apiUrl, api);
  } catch (err) {
    await stop();
    throw err;
  }
  return { apiUrl, metricsUrls: [`${apiUrl}/metrics`, `http://127.0.0.1:${workerMetricsPort}/metrics`], apiPid: api.pid!, workerPid: worker.pid!, stop };
}
