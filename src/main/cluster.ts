// `npm run cluster`: a real Temporal cluster on this machine (two server hosts on PostgreSQL, the
// production topology in small), for running EdgeCron's API and workers against. Ctrl-C stops it.
import { z } from 'zod';
import { loadConfig } from '../config';
import { postgresFromConfig } from '../runtime/postgres-from-config';
import { startTemporalCluster } from '../stack/temporal-cluster/cluster';
import { databaseFromUrl, NUM_HISTORY_SHARDS } from '../stack/temporal-cluster/settings';

const log = (source: string, line: string) => console.log(`[${source}] ${line}`);
const config = loadConfig();
// The balanced frontend listens here; host 1 takes the nine ports from +7, host 2 from +17.
// Below 32768: Temporal keeps membership ports in a smallint column.
const port = z.coerce.number().int().min(1).max(32_740).default(7333).parse(process.env.EDGECRON_CLUSTER_PORT || undefined);

// Two Temporal hosts (up to 60 connections each) beside EdgeCron's workers and APIs.
const postgres = await postgresFromConfig(config, { persistent: true, log: (l) => log('postgres', l), maxConnections: 400 });
const stopPostgres = postgres.stop;
const { databaseUrl } = postgres;
const db = databaseFromUrl(databaseUrl);

let cluster: Awaited<ReturnType<typeof startTemporalCluster>>;
try {
  cluster = await startTemporalCluster({
    db,
    port,
    hostBasePorts: [port + 7, port + 17],
    namespace: config.TEMPORAL_NAMESPACE,
    workflowRetentionDays: config.TEMPORAL_WORKFLOW_RETENTION_DAYS,
    serverLogLevel: process.env.TEMPORAL_LOG_LEVEL || 'warn',
    log: (source, line) => log(source, line),
  });
} catch (err) {
  console.error(`[cluster] ${(err as Error).message}`);
  await stopPostgres();
  process.exit(1);
}

const shards = await cluster.waitForShards((s) => s.perHost.every((n) => n > 0), 60_000);
log('cluster', `Temporal ${cluster.version}: ${cluster.hostPorts.length} hosts on PostgreSQL ${db.host}:${db.port}, ` +
  `${NUM_HISTORY_SHARDS} history shards (${shards.perHost.map((n, i) => `host ${i + 1}: ${n}`).join(', ')})`);
log('cluster', `frontend   ${cluster.address}   (balanced over the hosts: use it as TEMPORAL_ADDRESS)`);
cluster.hostPorts.forEach((p, i) =>
  log('cluster', `host ${i + 1}     frontend :${p.frontend} (HTTP :${p.frontendHttp}), history :${p.history}, ` +
    `matching :${p.matching}, worker :${p.worker}; membership :${p.frontendMembership}/:${p.historyMembership}/:${p.matchingMembership}/:${p.workerMembership}`),
);
const dbHint = config.DATABASE_URL ? '$DATABASE_URL' : databaseUrl;
log('cluster', `namespace  ${config.TEMPORAL_NAMESPACE}`);
log('cluster', `EdgeCron on it: DATABASE_URL=${dbHint} TEMPORAL_ADDRESS=${cluster.address} npm start`);
log('cluster', '  (or npm run start:worker / start:api, as many as you like). Ctrl-C stops the cluster.');

let stopping = false;
async function shutdown(signal: string) {
  if (stopping) return;
  stopping = true;
  log('cluster', `${signal}: stopping the Temporal hosts and PostgreSQL…`);
  await cluster.stop();
  await stopPostgres();
  log('cluster', 'stopped');
  process.exit(0);
}
process.on('SIGINT', () => void shutdown('SIGINT'));
process.on('SIGTERM', () => void shutdown('SIGTERM'));
