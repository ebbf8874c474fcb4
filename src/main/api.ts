// Production entry point: the API alone, against DATABASE_URL and TEMPORAL_ADDRESS.
import { loadConfig } from '../config';
import { startApiServer } from '../runtime/api-server';
import { requireExternal } from './require-external';

const config = loadConfig();
const { databaseUrl, temporalAddress } = requireExternal(config);
const api = await startApiServer(config, databaseUrl, temporalAddress);
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.once(signal, () => void api.close().then(() => process.exit(0)));
}
