// Production entry point: the Temporal worker alone, against DATABASE_URL and TEMPORAL_ADDRESS.
import { loadConfig } from '../config';
import { startWorkerProcess } from '../runtime/worker-process';
import { requireExternal } from './require-external';

const config = loadConfig();
const { databaseUrl, temporalAddress } = requireExternal(config);
const worker = await startWorkerProcess(config, databaseUrl, temporalAddress);
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.once(signal, () => void worker.stop().then(() => process.exit(0)));
}
await worker.done;
