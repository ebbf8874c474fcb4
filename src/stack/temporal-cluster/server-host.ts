// One Temporal server host (frontend, history, matching and worker services in one process) as a
// child process. Hosts of one cluster share the database and find each other through it.
import { Connection } from '@temporalio/client';
import { spawn, type ChildProcess } from 'node:child_process';
import type { HostPorts } from './settings';

export interface ServerHost {
  name: string;
  ports: HostPorts;
  frontendAddress: string;
  pid: number;
  /** SIGKILL: the host vanishes without leaving the membership ring; its shards move on their own. */
  kill9(): Promise<void>;
  /** SIGTERM, then SIGKILL after 20 s: the host hands its shards over as it leaves. */
  stop(): Promise<void>;
  /** Its last log lines, for a failure message. */
  recentLogs(): string;
}

const exited = (child: ChildProcess) =>
  child.exitCode !== null || child.signalCode !== null ? Promise.resolve() : new Promise<void>((done) => child.once('exit', () => done()));

/** Waits until the frontend answers; `dead` says why to stop waiting early. */
export async function waitForFrontend(address: string, timeoutMs: number, dead: () => Error | undefined = () => undefined): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      const connection = await Connection.connect({ address, connectTimeout: 2000 });
      await connection.close();
      return;
    } catch (err) {
      if (dead()) throw dead();
      if (Date.now() > deadline) throw new Error(`Temporal frontend ${address} not up within ${timeoutMs / 1000} s: ${(err as Error).message}`);
      await new Promise((r) => setTimeout(r, 500));
    }
  }
}

export async function startServerHost(o: {
  name: string;
  server: string;
  env: Record<string, string>;
  ports: HostPorts;
  log?: (line: string) => void;
}): Promise<ServerHost> {
  // --allow-no-auth: loopback only, no authorizer (the server warns unless told so).
  // Own process group: a Ctrl-C in the terminal reaches the script, which stops the hosts in order.
  const child = spawn(o.server, ['--allow-no-auth', 'start'], {
    env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '/tmp', ...o.env },
    stdio: ['ignore', 'pipe', 'pipe'],
    detached: true,
  });
  const killOnExit = () => child.kill('SIGKILL'); // never leave an orphaned server behind
  process.once('exit', killOnExit);
  void exited(child).then(() => process.removeListener('exit', killOnExit));
  const tail: string[] = [];
  const onData = (chunk: Buffer) => {
    for (const line of chunk.toString().split('\n').filter(Boolean)) {
      tail.push(line.slice(0, 1000));
      if (tail.length > 40) tail.shift();
      o.log?.(line);
    }
  };
  child.stdout?.on('data', onData);
  child.stderr?.on('data', onData);
  let died: Error | undefined;
  child.once('exit', (code, signal) => (died = new Error(`Temporal host ${o.name} exited (${code ?? signal}):\n${tail.join('\n')}`)));
  const frontendAddress = `127.0.0.1:${o.ports.frontend}`;
  try {
    await waitForFrontend(frontendAddress, 120_000, () => died);
  } catch (err) {
    child.kill('SIGKILL');
    throw err;
  }
  return {
    name: o.name,
    ports: o.ports,
    frontendAddress,
    pid: child.pid!,
    recentLogs: () => tail.join('\n'),
    async kill9() {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
      await exited(child);
    },
    async stop() {
      if (child.exitCode !== null || child.signalCode !== null) return;
      const killer = setTimeout(() => child.kill('SIGKILL'), 20_000);
      child.kill('SIGTERM');
      await exited(child);
      clearTimeout(killer);
    },
  };
}
