// Runs `temporal server start-dev` as a child process: the full Temporal service plus its Web UI,
// with EdgeCron's search attributes registered at start.
import { Connection } from '@temporalio/client';
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import { dirname, resolve } from 'node:path';
import type { TemporalConnectionOptions } from '../temporal/connection-options';
import { SEARCH_ATTRIBUTE_FLAGS } from '../temporal/search-attributes';
import { commandLine, portInUse, portTakenMessage, processAlive, stopLeftover } from './leftover-process';

export interface TemporalDevServerOptions {
  cli: string;
  port: number;
  /** Web UI port; undefined runs headless (tests). */
  uiPort?: number;
  /** SQLite file that keeps state across restarts; undefined keeps it in memory. */
  dbFile?: string;
  namespace: string;
  log?: (line: string) => void;
  /** Where the server's pid is kept, so a start after a crash of the supervisor can stop it. */
  pidFile?: string;
}

export interface RunningTemporal {
  address: string;
  uiUrl?: string;
  /** The server's process id (the fault suite freezes it with SIGSTOP). */
  pid: number;
  stop(): Promise<void>;
}

function devServerArgs(o: TemporalDevServerOptions): string[] {
  const args = ['server', 'start-dev', '--ip', '127.0.0.1', '--port', String(o.port), '--namespace', o.namespace,
    '--log-level', 'warn'];
  for (const flag of SEARCH_ATTRIBUTE_FLAGS) args.push('--search-attribute', flag);
  // Eager activity dispatch: the delivery activity comes back with the workflow task's completion
  // instead of a second trip through matching (measured with `npm run bench`).
  args.push('--dynamic-config-value', 'system.enableActivityEagerExecution=true');
  // Isolation between endpoints (src/domain/delivery-fairness.ts): round-robin dispatch across fairness
  // keys. Fairness holds within a partition; one process gains nothing from four, and with one the
  // isolation test's healthy runs got through in 6-7 s instead of 10-12 s.
  args.push('--dynamic-config-value', 'matching.enableFairness=true');
  args.push('--dynamic-config-value', 'matching.numTaskqueueReadPartitions=1', '--dynamic-config-value', 'matching.numTaskqueueWritePartitions=1');
  if (o.uiPort === undefined) args.push('--headless');
  else args.push('--ui-port', String(o.uiPort));
  if (o.dbFile) {
    // WAL + synchronous=normal: about twice the throughput of SQLite's defaults (ENVIRONMENT.md).
    args.push('--db-filename', o.dbFile, '--sqlite-pragma', 'journal_mode=wal', '--sqlite-pragma', 'synchronous=normal');
  }
  return args;
}

export async function waitForTemporal(
  target: string | TemporalConnectionOptions,
  namespace: string,
  timeoutMs = 60_000,
): Promise<void> {
  const options = typeof target === 'string' ? { address: target } : target;
  const address = options.address;
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      const connection = await Connection.connect({ ...options, connectTimeout: 2000 });
      try {
        await connection.workflowService.describeNamespace({ namespace });
        return;
      } finally {
        await connection.close();
      }
    } catch (err) {
      if (Date.now() > deadline) throw new Error(`Temporal not reachable at ${address}: ${(err as Error).message}`);
      await new Promise((r) => setTimeout(r, 300));
    }
  }
}

function stopChild(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((done) => {
    const killer = setTimeout(() => child.kill('SIGKILL'), 10_000);
    child.once('exit', () => {
      clearTimeout(killer);
      done();
    });
    child.kill('SIGTERM');
  });
}

/** Stops the dev server an earlier, killed supervisor left running; names what else holds the ports. */
async function clearLeftover(o: TemporalDevServerOptions): Promise<void> {
  if (o.pidFile && existsSync(o.pidFile)) {
    const pid = Number((await readFile(o.pidFile, 'utf8')).trim());
    if (pid > 0 && processAlive(pid) && /start-dev/.test(commandLine(pid) ?? '')) {
      o.log?.(`stopping the Temporal dev server (pid ${pid}) an earlier run of this folder left behind`);
      await stopLeftover(pid, 'SIGTERM');
    }
    await rm(o.pidFile, { force: true });
  }
  if (await portInUse(o.port)) throw new Error(portTakenMessage('Temporal', o.port, 'EDGECRON_TEMPORAL_PORT'));
  if (o.uiPort !== undefined && (await portInUse(o.uiPort))) throw new Error(portTakenMessage('Temporal Web UI', o.uiPort, 'EDGECRON_TEMPORAL_UI_PORT'));
}

export async function startTemporalDevServer(o: TemporalDevServerOptions): Promise<RunningTemporal> {
  if (o.dbFile) await mkdir(dirname(resolve(o.dbFile)), { recursive: true });
  await clearLeftover(o);
  // Own process group: Ctrl-C reaches only EdgeCron, which stops the worker before Temporal.
  const child = spawn(o.cli, devServerArgs(o), { stdio: ['ignore', 'pipe', 'pipe'], detached: true });
  if (o.pidFile && child.pid) await writeFile(o.pidFile, `${child.pid}\n`);
  const forgetPid = () => (o.pidFile ? rm(o.pidFile, { force: true }) : Promise.resolve());
  const killOnExit = () => child.kill('SIGTERM');
  process.once('exit', killOnExit); // never leave an orphaned server behind
  const forward = (chunk: Buffer) => chunk.toString().split('\n').filter(Boolean).forEach((l) => o.log?.(l));
  child.stdout?.on('data', forward);
  child.stderr?.on('data', forward);
  const exited = new Promise<never>((_, reject) =>
    child.once('exit', (code) => reject(new Error(`temporal server exited early with code ${code}`))),
  );
  exited.catch(() => undefined);
  const address = `127.0.0.1:${o.port}`;
  try {
    await Promise.race([waitForTemporal(address, o.namespace), exited]);
  } catch (err) {
    // A server that never came up is not left running behind the error.
    await stopChild(child);
    process.removeListener('exit', killOnExit);
    await forgetPid();
    throw err;
  }
  return {
    address,
    uiUrl: o.uiPort === undefined ? undefined : `http://localhost:${o.uiPort}`,
    pid: child.pid!,
    stop: async () => {
      await stopChild(child);
      process.removeListener('exit', killOnExit);
      await forgetPid();
    },
  };
}
