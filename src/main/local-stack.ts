// `npm start`: everything on embedded defaults, in one process tree. The terminal gets EdgeCron's own
// lines and a summary once all is up; PostgreSQL's and Temporal's output and the JSON logs go to
// <data dir>/logs/. PostgreSQL and Temporal run in process groups of their own, so Ctrl-C reaches this
// process only, which stops the API, then the worker (drained), then Temporal and PostgreSQL.
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { loadConfig } from '../config';
import { withLocalDefaults } from '../runtime/local-defaults';
import { startLocalStack, type LocalStack } from '../runtime/local-stack';
import { componentLogs } from '../runtime/component-logs';
import { startupSummary } from '../runtime/startup-summary';

const started = Date.now();
const say = (line: string) => console.log(`[edgecron] ${line}`);
const loaded = loadConfig();
const logDir = join(loaded.EDGECRON_DATA_DIR, 'logs');
mkdirSync(logDir, { recursive: true });
const logs = componentLogs(logDir, say);

let stack: LocalStack | undefined;
let stopping = false;
async function shutdown(reason: string, code = 0) {
  if (stopping) return;
  stopping = true;
  say(`${reason}: stopping the API, the worker, Temporal and PostgreSQL…`);
  await stack?.stop();
  say('stopped');
  await logs.close();
  process.exit(code);
}
// Before the stack starts: a signal during start-up stops what is up so far, once it is.
for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) {
  process.on(signal, () => void (stack ? shutdown(signal) : (stopping = true)));
}

try {
  const config = await withLocalDefaults(
    {
      ...loaded,
      // EdgeCron's JSON logs go to a file unless LOG_FILE / LOG_STDOUT say otherwise.
      LOG_FILE: loaded.LOG_FILE ?? join(logDir, 'edgecron.log'),
      LOG_STDOUT: process.env.LOG_STDOUT === undefined ? false : loaded.LOG_STDOUT,
    },
    say,
  );
  stack = await startLocalStack(config, { persistent: true, withUi: true, log: logs.log });
  if (stopping) {
    stopping = false;
    await shutdown('stopped during start-up');
  }
  const summary = startupSummary(config, {
    apiUrl: stack.api.url,
    temporalAddress: stack.temporalAddress,
    temporalUiUrl: stack.temporalUiUrl,
    logDir,
    seconds: (Date.now() - started) / 1000,
    keyFromEnvironment: Boolean(loaded.EDGECRON_BOOTSTRAP_API_KEY),
  });
  for (const line of summary) console.log(line);
  stack.worker.done.catch((err: unknown) => {
    say(`worker crashed: ${(err as Error).message}`);
    void shutdown('worker crash', 1);
  });
} catch (err) {
  say(`could not start: ${err instanceof Error ? err.message : String(err)}`);
  await logs.close();
  process.exit(1);
}
