// Production entry point: the Temporal worker alone, against DATABASE_URL and TEMPORAL_ADDRESS.
import { loadConfig } from '../config';
import { startMetricsServer } from '../runtime/metrics-server';
import { startWorkerProcess } from '../runtime/worker-process';
import { requireExternal } from './require-external';

const config = loadConfig();
const { databaseUrl, temporalAddress } = requireExternal(config);
const worker = await startWorkerProcess(config, databaseUrl, temporalAddress);
// The API serves /metrics itself; a worker on its own gets a listener of its own.
const metricsServer = config.WORKER_METRICS_PORT ? await startMetricsServer(config.HOST, config.WORKER_METRICS_PORT) : undefined;
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.once(signal, () => void worker.stop().then(() => { metricsServer?.close(); process.exit(0); }));
}
await worker.done;
