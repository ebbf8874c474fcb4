// A Temporal dev server the bench can stop and start again (the backlog part fills the outbox while it
// is away): same port, state in a SQLite file, so the workflows and task queues survive the restart.
// The in-memory server the other parts use cannot: stopping it forgets everything.
import { join } from 'node:path';
import type { Config } from '../src/config';
import { findTemporalCli } from '../src/stack/temporal-cli';
import { startTemporalDevServer, type RunningTemporal } from '../src/stack/temporal-dev-server';

export interface RestartableTemporal {
  address: string;
  /** The running server's process id; a new one after each start. */
  pid(): number | undefined;
  stop(): Promise<void>;
  start(): Promise<void>;
}

export async function startRestartableTemporal(config: Config, dataDir: string, log: (line: string) => void): Promise<RestartableTemporal> {
  let server: RunningTemporal | undefined;
  const start = async () => {
    server = await startTemporalDevServer({
      cli: findTemporalCli(config.TEMPORAL_CLI, config.PATH),
      port: config.EDGECRON_TEMPORAL_PORT,
      dbFile: join(dataDir, 'temporal.db'),
      namespace: config.TEMPORAL_NAMESPACE,
      log,
    });
  };
  await start();
  return {
    address: `127.0.0.1:${config.EDGECRON_TEMPORAL_PORT}`,
    pid: () => server?.pid,
    async stop() {
      await server?.stop();
      server = undefined;
    },
    start,
  };
}
