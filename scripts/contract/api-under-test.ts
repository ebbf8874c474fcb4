// The API as an operator runs it, for the contract run: a freshly migrated embedded PostgreSQL, a
// Temporal dev server, and `npm run start:api` given only its required settings. Its task queue is
// one no worker polls, so nothing the contract run creates is ever delivered.
import { spawn, type ChildProcess } from 'node:child_process';
import { chmod, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { applyMigrations } from '../../src/db/migrate';
import { generateApiKey } from '../../src/domain/node/api-key';
import { generateSecretKey } from '../../src/domain/node/secret-box';
import { startEmbeddedPostgres } from '../../src/stack/embedded-postgres';
import { freePort } from '../../src/stack/free-port';
import { findTemporalCli } from '../../src/stack/temporal-cli';
import { startTemporalDevServer } from '../../src/stack/temporal-dev-server';

/** No worker ever polls this queue: workflows the API starts wait there, undelivered, until Temporal goes. */
export const UNPOLLED_TASK_QUEUE = 'edgecron-contract-unpolled';

export interface ApiUnderTest {
  url: string;
  apiKey: string;
  stop(): Promise<void>;
}

async function waitUntilReady(url: string, api: ChildProcess, output: string[]): Promise<void> {
  const deadline = Date.now() + 90_000;
  while (Date.now() < deadline) {
    if (api.exitCode !== null) throw new Error(`start:api exited (${api.exitCode}):\n${output.join('').slice(-2000)}`);
    const ready = await fetch(`${url}/readyz`).then((r) => r.ok, () => false);
    if (ready) return;
    await new Promise((r) => setTimeout(r, 250));
  }
  throw new Error(`start:api not ready after 90 s:\n${output.join('').slice(-2000)}`);
}

export async function startApiUnderTest(log: (line: string) => void): Promise<ApiUnderTest> {
  const stops: Array<() => Promise<void>> = [];
  // Once, however often it is called (a signal and the normal way out may both ask).
  let stopping: Promise<void> | undefined;
  const stop = () => (stopping ??= (async () => {
    for (const s of stops.reverse()) await s().catch((err: Error) => log(`stop failed: ${err.message}`));
  })());
  try {
    const dataDir = await mkdtemp(join(tmpdir(), 'edgecron-contract-'));
    await chmod(dataDir, 0o755); // as root, PostgreSQL runs as its own user and must reach this folder
    stops.push(() => rm(dataDir, { recursive: true, force: true }));
    const pg = await startEmbeddedPostgres({ dataDir: join(dataDir, 'postgres'), port: await freePort(), persistent: false, log: () => {} });
    stops.push(pg.stop);
    const applied = await applyMigrations(pg.databaseUrl);
    log(`fresh database, migrations applied: ${applied.length}`);
    const temporal = await startTemporalDevServer({
      cli: findTemporalCli(undefined, process.env.PATH ?? ''), port: await freePort(), namespace: 'default', log: () => {},
    });
    stops.push(temporal.stop);

    const port = await freePort();
    const apiKey = generateApiKey();
    // Only what start:api requires, plus the unpolled task queue, no rate limit (the run is one key's burst)
    // and no limit on failed authentications (hundreds of keyless calls come from one address, and the
    // run checks each is a 401; test/api-limits.test.ts covers the limit).
    const env = {
      PATH: process.env.PATH ?? '',
      HOME: process.env.HOME ?? tmpdir(),
      DATABASE_URL: pg.databaseUrl,
      TEMPORAL_ADDRESS: temporal.address,
      EDGECRON_SECRET_KEY: generateSecretKey(),
      EDGECRON_BOOTSTRAP_API_KEY: apiKey,
      PORT: String(port),
      TEMPORAL_TASK_QUEUE: UNPOLLED_TASK_QUEUE,
      RATE_LIMIT_PER_SECOND: '0',
      AUTH_FAILURE_LIMIT_PER_MINUTE: '0',
      LOG_LEVEL: 'warn',
    };
    // Its own process group, so stopping it reaches node under npm and sh.
    const api = spawn('npm', ['run', '--silent', 'start:api'], { env, detached: true, stdio: ['ignore', 'pipe', 'pipe'] });
    const output: string[] = [];
    api.stdout!.on('data', (c: Buffer) => output.push(c.toString()));
    api.stderr!.on('data', (c: Buffer) => output.push(c.toString()));
    stops.push(async () => {
      if (api.exitCode !== null || api.signalCode !== null) return;
      const exited = new Promise((r) => api.once('exit', r));
      process.kill(-api.pid!, 'SIGTERM');
      await exited;
    });
    const url = `http://127.0.0.1:${port}`;
    await waitUntilReady(url, api, output);
    log(`start:api ready at ${url} (task queue ${UNPOLLED_TASK_QUEUE}, polled by no worker)`);
    return { url, apiKey, stop };
  } catch (err) {
    await stop();
    throw err;
  }
}
