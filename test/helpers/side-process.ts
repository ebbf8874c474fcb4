// Starts an extra EdgeCron process (API or worker) against the test stack's database and Temporal, on a
// task queue of its own, so a test can kill and restart it while the stack's own worker never sees
// that queue's work.
import { spawn, type ChildProcess } from 'node:child_process';
import { inject } from 'vitest';

export interface SideProcess {
  child: ChildProcess;
  output: string[];
  /** SIGKILL: no graceful shutdown, in-flight work is lost as in a crash. */
  kill(): Promise<void>;
  stop(): Promise<void>;
}

const exited = (child: ChildProcess) =>
  child.exitCode !== null || child.signalCode !== null
    ? Promise.resolve()
    : new Promise<void>((resolve) => child.once('exit', () => resolve()));

/** Runs `src/main/<entry>.ts` and resolves once a stdout line contains `readyText`. */
export async function startSideProcess(entry: 'api' | 'worker', taskQueue: string, env: Record<string, string> = {}, readyText = ''): Promise<SideProcess> {
  const child = spawn(process.execPath, ['--import', 'tsx', `src/main/${entry}.ts`], {
    env: {
      ...process.env,
      DATABASE_URL: inject('databaseUrl'),
      TEMPORAL_ADDRESS: inject('temporalAddress'),
      TEMPORAL_NAMESPACE: inject('temporalNamespace'),
      TEMPORAL_TASK_QUEUE: taskQueue,
      HOST: '127.0.0.1',
      LOG_LEVEL: 'info',
      LOG_STDOUT: 'true',
      WORKER_METRICS_PORT: '0',
      // The test stack's own keys and delivery rules, so this process reads and writes what it does.
      EDGECRON_SECRET_KEY: inject('secretKey'),
      EDGECRON_BOOTSTRAP_API_KEY: inject('apiKey'),
      DELIVERY_ALLOW_LIST: '127.0.0.0/8,::1',
      RATE_LIMIT_PER_SECOND: '0',
      ...env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const output: string[] = [];
  const ready = new Promise<void>((resolve, reject) => {
    const onData = (chunk: Buffer) => {
      output.push(chunk.toString());
      if (output.join('').includes(readyText)) resolve();
    };
    child.stdout!.on('data', onData);
    child.stderr!.on('data', (c: Buffer) => output.push(c.toString()));
    child.once('exit', (code) => reject(new Error(`${entry} exited (${code}) before it was ready:\n${output.join('').slice(-2000)}`)));
  });
  const timeout = new Promise<never>((_, reject) =>
    setTimeout(() => reject(new Error(`${entry} not ready after 90 s:\n${output.join('').slice(-2000)}`)), 90_000).unref(),
  );
  await Promise.race([ready, timeout]);
  return {
    child,
    output,
    async kill() {
      child.kill('SIGKILL');
      await exited(child);
    },
    async stop() {
      child.kill('SIGTERM');
      await exited(child);
    },
  };
}
