// The production topology on one machine: embedded PostgreSQL, a two-host Temporal cluster on it
// (`npm run cluster`'s code), EdgeCron's migrations, two worker processes and two API replicas
// (the production entry points) behind one balanced address. Every piece can be killed on its own.
import { chmod, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { applyMigrations } from '../../../src/db/migrate';
import { createDb, type Db } from '../../../src/db/prisma';
import { startEmbeddedPostgres } from '../../../src/stack/embedded-postgres';
import { freePort, freePortBlock } from '../../../src/stack/free-port';
import { startTcpBalancer } from '../../../src/stack/tcp-balancer';
import { startTemporalCluster, type TemporalCluster } from '../../../src/stack/temporal-cluster/cluster';
import { databaseFromUrl, PORTS_PER_HOST } from '../../../src/stack/temporal-cluster/settings';
import { spawnEntry, type WorkerChild } from '../../chaos/helpers/chaos-stack';

export interface ClusterStack {
  databaseUrl: string;
  /** The cluster's balanced frontend. */
  temporalAddress: string;
  namespace: string;
  taskQueue: string;
  /** The API replicas behind one balanced address. */
  apiUrl: string;
  cluster: TemporalCluster;
  db: Db;
  workers: Array<WorkerChild | undefined>;
  apis: Array<WorkerChild | undefined>;
  startWorker(index: number): Promise<void>;
  startApi(index: number): Promise<void>;
  /** The processes' last warnings and errors and how each ended, for a failure message. */
  diagnostics(): string;
  stop(): Promise<void>;
}

const sayStack = (name: string) => (line: string) => console.log(`[cluster stack ${name}] ${line}`);

/** `taskQueue`: the end-to-end files start some workflows themselves on npm test's queue, `edgecron-test`. */
export async function startClusterStack(
  name: string,
  security: Record<string, string>,
  o: { workers?: number; apis?: number; taskQueue?: string } = {},
): Promise<ClusterStack> {
  const say = sayStack(name);
  const verbose = process.env.CLUSTER_LOGS === '1';
  const started = Date.now();
  const dataDir = await mkdtemp(join(tmpdir(), `edgecron-cluster-${name}-`));
  await chmod(dataDir, 0o755); // as root, PostgreSQL runs as its own user and must reach this folder
  const pg = await startEmbeddedPostgres({ dataDir: join(dataDir, 'postgres'), port: await freePort(), persistent: false, maxConnections: 400 });
  const databaseUrl = pg.databaseUrl;
  await applyMigrations(databaseUrl);

  const base = await freePortBlock(1 + 2 * PORTS_PER_HOST);
  const namespace = 'default';
  let cluster: TemporalCluster;
  try {
    cluster = await startTemporalCluster({
      db: databaseFromUrl(databaseUrl),
      port: base,
      hostBasePorts: [base + 1, base + 1 + PORTS_PER_HOST],
      namespace,
      log: (source, line) => (verbose || source === 'cluster') && say(`[${source}] ${line}`),
    });
  } catch (err) {
    await pg.stop();
    throw err;
  }
  const shards = await cluster.waitForShards((s) => s.perHost.every((n) => n > 0), 90_000);
  say(`Temporal ${cluster.version} cluster at ${cluster.address}: shards per host ${JSON.stringify(shards.perHost)}`);

  const taskQueue = o.taskQueue ?? `edgecron-cluster-${name}`;
  const lines: string[] = [];
  const keep = (source: string) => (line: string) => {
    if (verbose) say(`[${source}] ${line}`);
    if (!/"level":(10|20|30),/.test(line)) lines.push(`[${source}] ${line.slice(0, 600)}`);
    if (lines.length > 80) lines.shift();
  };
  const env = (extra: Record<string, string>) => ({
    PATH: process.env.PATH ?? '',
    HOME: process.env.HOME ?? '/tmp',
    DATABASE_URL: databaseUrl,
    TEMPORAL_ADDRESS: cluster.address,
    TEMPORAL_NAMESPACE: namespace,
    TEMPORAL_TASK_QUEUE: taskQueue,
    HOST: '127.0.0.1',
    WORKER_METRICS_PORT: '0',
    LOG_LEVEL: 'info',
    LOG_STDOUT: 'true',
    ...security,
    ...extra,
  });
  const workers: Array<WorkerChild | undefined> = [];
  const apis: Array<WorkerChild | undefined> = [];
  const apiPorts: number[] = [];
  const startWorker = async (i: number) => {
    workers[i] = await spawnEntry('src/main/worker.ts', env({}), /"worker running"/, keep(`worker${i + 1}`));
  };
  const startApi = async (i: number) => {
    apiPorts[i] ??= await freePort();
    apis[i] = await spawnEntry('src/main/api.ts', env({ PORT: String(apiPorts[i]) }), /"API listening"/, keep(`api${i + 1}`));
  };
  for (let i = 0; i < (o.workers ?? 2); i++) await startWorker(i);
  for (let i = 0; i < (o.apis ?? 2); i++) await startApi(i);
  const live = (i: number) => apis[i] !== undefined && apis[i]!.child.exitCode === null && apis[i]!.child.signalCode === null;
  const balancer = await startTcpBalancer(await freePort(), () => apiPorts.filter((_, i) => live(i)));
  const db = createDb(databaseUrl);
  say(`up in ${Math.round((Date.now() - started) / 1000)} s: ${workers.length} workers, ${apis.length} API replicas at http://${balancer.address}`);

  const state = (c: WorkerChild | undefined) => (c ? (c.child.exitCode ?? c.child.signalCode ?? 'running') : 'none');
  return {
    databaseUrl,
    temporalAddress: cluster.address,
    namespace,
    taskQueue,
    apiUrl: `http://${balancer.address}`,
    cluster,
    db,
    workers,
    apis,
    startWorker,
    startApi,
    diagnostics: () =>
      [`workers: ${workers.map(state).join(', ')}; APIs: ${apis.map(state).join(', ')}`, ...lines].join('\n'),
    async stop() {
      for (const c of [...apis, ...workers]) await c?.kill9();
      await balancer.close();
      await db.$disconnect().catch(() => undefined);
      await cluster.stop();
      await pg.stop();
      await rm(dataDir, { recursive: true, force: true });
    },
  };
}
