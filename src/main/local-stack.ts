// `npm start`: everything on embedded defaults, in one process tree. Ctrl-C stops it all.
import { loadConfig } from '../config';
import { withLocalDefaults } from '../runtime/local-defaults';
import { startLocalStack } from '../runtime/local-stack';

const log = (source: string, line: string) => console.log(`[${source}] ${line}`);
const config = await withLocalDefaults(loadConfig(), (line) => log('edgecron', line));

const stack = await startLocalStack(config, { persistent: true, withUi: true, log });
log('edgecron', `API        ${stack.api.url}  (GET /healthz)`);
log('edgecron', `Temporal   ${stack.temporalAddress}`);
if (stack.temporalUiUrl) log('edgecron', `Web UI     ${stack.temporalUiUrl}`);
log('edgecron', 'Ctrl-C stops everything.');

let stopping = false;
async function shutdown(signal: string) {
  if (stopping) return;
  stopping = true;
  log('edgecron', `${signal}: stopping API, worker, Temporal and PostgreSQL…`);
  await stack.stop();
  log('edgecron', 'stopped');
  process.exit(0);
}
process.on('SIGINT', () => void shutdown('SIGINT'));
process.on('SIGTERM', () => void shutdown('SIGTERM'));
stack.worker.done.catch(async (err) => {
  log('edgecron', `worker crashed: ${(err as Error).message}`);
  await shutdown('worker crash');
});
