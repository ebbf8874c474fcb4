// `--temporal=cluster`: the bench's PostgreSQL and a two-host Temporal cluster on it (the code of
// `npm run cluster`), on throwaway data and free ports, handed to the bench as external services.
import { chmod, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startEmbeddedPostgres } from '../src/stack/embedded-postgres';
import { freePort, freePortBlock } from '../src/stack/free-port';
import { startTemporalCluster } from '../src/stack/temporal-cluster/cluster';
import { databaseFromUrl, NUM_HISTORY_SHARDS, PORTS_PER_HOST } from '../src/stack/temporal-cluster/settings';
import type { ExternalServices } from './stack';

export interface BenchCluster extends ExternalServices {
  /** One line for the result's notes. */
  description: string;
  stop(): Promise<void>;
}

export async function startBenchCluster(log: (line: string) => void): Promise<BenchCluster> {
  const dataDir = await mkdtemp(join(tmpdir(), 'edgecron-bench-cluster-'));
  await chmod(dataDir, 0o755); // as root, PostgreSQL runs as its own user and must reach this folder
  const pg = await startEmbeddedPostgres({ dataDir: join(dataDir, 'postgres'), port: await freePort(), persistent: false, maxConnections: 400 });
  const base = await freePortBlock(1 + 2 * PORTS_PER_HOST);
  try {
    const cluster = await startTemporalCluster({
      db: databaseFromUrl(pg.databaseUrl),
      port: base,
      hostBasePorts: [base + 1, base + 1 + PORTS_PER_HOST],
      namespace: 'default',
      log: (source, line) => source === 'cluster' && log(line),
    });
    const shards = await cluster.waitForShards((s) => s.perHost.every((n) => n > 0), 90_000);
    return {
      databaseUrl: pg.databaseUrl,
      temporalAddress: cluster.address,
      description: `Temporal: a ${cluster.hostPorts.length}-host v${cluster.version} cluster on the bench's PostgreSQL (npm run cluster's code), ${NUM_HISTORY_SHARDS} history shards (${shards.perHost.join(' + ')}), clients through one balanced frontend.`,
      async stop() {
        await cluster.stop();
        await pg.stop();
        await rm(dataDir, { recursive: true, force: true });
      },
    };
  } catch (err) {
    await pg.stop();
    throw err;
  }
}
