// A `kill -9` of the supervisor leaves PostgreSQL and Temporal running with no parent (they are in
// process groups of their own). The next start finds them by the pid they recorded and stops them,
// but only when the process is really this folder's server; anything else is reported, not killed.
import { readFileSync } from 'node:fs';
import { createConnection } from 'node:net';

export function processAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** The process's command line, or undefined when it is gone (or not readable: not Linux). */
export function commandLine(pid: number): string | undefined {
  try {
    return readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0').join(' ').trim();
  } catch {
    return undefined;
  }
}

/** SIGTERM (or the given signal), then SIGKILL if it is still there after `graceMs`. */
export async function stopLeftover(pid: number, signal: NodeJS.Signals, graceMs = 15_000): Promise<void> {
  try {
    process.kill(pid, signal);
  } catch {
    return;
  }
  const deadline = Date.now() + graceMs;
  while (processAlive(pid)) {
    if (Date.now() > deadline) {
      process.kill(pid, 'SIGKILL');
      await new Promise((r) => setTimeout(r, 200));
      return;
    }
    await new Promise((r) => setTimeout(r, 100));
  }
}

/** True when something accepts connections on 127.0.0.1:port. */
export function portInUse(port: number): Promise<boolean> {
  return new Promise((done) => {
    const socket = createConnection({ host: '127.0.0.1', port });
    socket.once('connect', () => {
      socket.destroy();
      done(true);
    });
    socket.once('error', () => done(false));
  });
}

/** One line naming what holds a port, for the error a start gives up with. */
export function portTakenMessage(what: string, port: number, setting: string): string {
  return `${what}: port ${port} on 127.0.0.1 is held by another program (not this folder's stack); stop it or set ${setting} to a free port`;
}
