// A server process a test owns (moto_server, a Kafka JVM): started in a process group of its own, so
// stop() can SIGKILL it with whatever it forked, and never left behind. Three guards: stop() kills the
// group; an exit hook of the test process kills every group still running; and a watchdog shell holds a
// pipe from the test process, so a test process killed with SIGKILL (no hook runs) still takes the server
// with it when the pipe closes.
import { spawn, type ChildProcess } from 'node:child_process';
import { closeSync, openSync, readFileSync } from 'node:fs';
import { connect, createServer } from 'node:net';

const running = new Set<ChildProcess>();
process.once('exit', () => {
  for (const child of running) killGroup(child);
});

function killGroup(child: ChildProcess) {
  try {
    process.kill(-child.pid!, 'SIGKILL');
  } catch {
    // already gone
  }
}

// Ports come from below the kernel's ephemeral range: a server that is stopped for a while must get its
// port back, and an ephemeral port may meanwhile be the local end of some outgoing connection.
const EPHEMERAL_START = (() => {
  try {
    return Number(readFileSync('/proc/sys/net/ipv4/ip_local_port_range', 'utf8').trim().split(/\s+/)[0]) || 32768;
  } catch {
    return 32768;
  }
})();

const bindable = (port: number) =>
  new Promise<boolean>((resolve) => {
    const server = createServer();
    server.once('error', () => resolve(false));
    server.listen(port, '127.0.0.1', () => server.close(() => resolve(true)));
  });

/** A port that was free on 127.0.0.1 a moment ago (the server binds it right after), outside the ephemeral range. */
export async function freePort(): Promise<number> {
  const low = 20_000;
  const high = Math.max(low + 1000, EPHEMERAL_START);
  for (let attempt = 0; attempt < 100; attempt++) {
    const port = low + Math.floor(Math.random() * (high - low));
    if (await bindable(port)) return port;
  }
  throw new Error(`no free port between ${low} and ${high}`);
}

export interface OwnedProcess {
  child: ChildProcess;
  /** SIGKILL to the whole group (a crash, as the outage tests want); resolves once the server is gone. */
  kill(): Promise<void>;
  /** SIGSTOP / SIGCONT to the whole group: a server that keeps its connections and state but answers nothing. */
  freeze(): void;
  thaw(): void;
}

/** Runs `command args` in its own process group, its stdout and stderr appended to `logFile`. */
export function startOwned(command: string, args: string[], logFile: string, env: NodeJS.ProcessEnv = {}): OwnedProcess {
  const log = openSync(logFile, 'a');
  // The shell starts the server, then reads the pipe: EOF (the test process died) kills the server. The
  // pipe goes through fd 3 because sh gives background jobs /dev/null as their stdin.
  const watchdog = 'exec 3<&0; "$@" </dev/null 3<&- & server=$!; { cat <&3 >/dev/null; kill -KILL $server 2>/dev/null; } & wait $server';
  const child = spawn('sh', ['-c', watchdog, 'sh', command, ...args], {
    detached: true,
    stdio: ['pipe', log, log],
    env: { ...process.env, ...env },
  });
  closeSync(log);
  running.add(child);
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  child.once('exit', () => running.delete(child));
  return {
    child,
    async kill() {
      killGroup(child);
      await exited;
    },
    freeze: () => process.kill(-child.pid!, 'SIGSTOP'),
    thaw: () => process.kill(-child.pid!, 'SIGCONT'),
  };
}

/** Polls `check` until it resolves true; throws with `what` and the last error after `timeoutMs`. */
export async function waitFor(what: string, check: () => Promise<boolean>, timeoutMs: number, isDead?: () => boolean): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  let last: unknown;
  while (Date.now() < deadline) {
    if (isDead?.()) throw new Error(`${what}: the process exited`);
    try {
      if (await check()) return;
    } catch (err) {
      last = err;
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(`${what}: not ready after ${timeoutMs} ms${last ? ` (${String(last)})` : ''}`);
}

/** Whether something accepts TCP connections on 127.0.0.1:port. */
export function portAnswers(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect(port, '127.0.0.1');
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
  });
}
