// The whole of EdgeCron on one machine: PostgreSQL and Temporal (embedded unless DATABASE_URL /
// TEMPORAL_ADDRESS point elsewhere), migrations, the worker and the API. Used by `npm start`,
// the tests and the benchmarks, so all three run the same thing.
import { join } from 'node:path';
import type { Config } from '../config';
import { applyMigrations } from '../db/migrate';
import { findTemporalCli } from '../stack/temporal-cli';
import { startTemporalDevServer, waitForTemporal } from '../stack/temporal-dev-server';
import { temporalConnectionOptions } from '../temporal/connection-options';
import { ensureNamespaceRetention } from '../temporal/namespace-retention';
import { startApiServer, type RunningApi } from './api-server';
import { postgresFromConfig } from './postgres-from-config';
import { startWorkerProcess, type RunningWorker } from './worker-process';

export interface LocalStackOptions {
  /** Keep data across restarts (npm start) or throw it away (tests). */
  persistent: boolean;
  /** Run the Temporal Web UI (npm start) or not (tests). */
  withUi: boolean;
  log: (source: string, line: string) => void;
}

export interface LocalStack {
  databaseUrl: string;
  temporalAddress: string;
  temporalUiUrl?: string;
  api: RunningApi;
  worker: RunningWorker;
  /** Processes this stack started itself (the benchmark measures their CPU). */
  pids: { postgres?: number; temporal?: number };
  stop(): Promise<void>;
}

export async function startLocalStack(config: Config, o: LocalStackOptions): Promise<LocalStack> {
  const stops: Array<{ name: string; stop: () => Promise<void> }> = [];
  const stop = async () => {
    for (const { name, stop } of stops.reverse()) {
      await stop().then(
        () => o.log('stack', `${name} stopped`),
        (err) => o.log('stack', `${name} stop failed: ${(err as Error).message}`),
      );
    }
  };
  try {
    const pg = await postgresFromConfig(config, { persistent: o.persistent, log: (l) => o.log('postgres', l) });
    if (pg.embedded) stops.push({ name: 'PostgreSQL', stop: pg.stop });
    const { databaseUrl } = pg;
    const applied = await applyMigrations(databaseUrl);
    o.log('stack', applied.length ? `applied migrations: ${applied.join(', ')}` : 'database schema up to date');

    const pids: LocalStack['pids'] = { postgres: pg.pid };
    let temporalAddress = config.TEMPORAL_ADDRESS;
    let temporalUiUrl: string | undefined = config.TEMPORAL_UI_URL;
    if (temporalAddress) {
      await waitForTemporal(temporalConnectionOptions(config, temporalAddress), config.TEMPORAL_NAMESPACE);
    } else {
      const temporal = await startTemporalDevServer({
        cli: findTemporalCli(config.TEMPORAL_CLI, config.PATH),
        port: config.EDGECRON_TEMPORAL_PORT,
        uiPort: o.withUi ? config.EDGECRON_TEMPORAL_UI_PORT : undefined,
        dbFile: o.persistent ? join(config.EDGECRON_DATA_DIR, 'temporal.db') : undefined,
        pidFile: o.persistent ? join(config.EDGECRON_DATA_DIR, 'temporal.pid') : undefined,
        namespace: config.TEMPORAL_NAMESPACE,
        log: (l) => o.log('temporal', l),
      });
      stops.push({ name: 'Temporal', stop: temporal.stop });
      const before = await ensureNamespaceRetention({ address: temporal.address }, config.TEMPORAL_NAMESPACE, config.TEMPORAL_WORKFLOW_RETENTION_DAYS);
      o.log('stack', `Temporal keeps closed workflows ${config.TEMPORAL_WORKFLOW_RETENTION_DAYS} days (was ${before})`);
      pids.temporal = temporal.pid;
      temporalAddress = temporal.address;
      temporalUiUrl = temporal.uiUrl;
    }

    const worker = await startWorkerProcess(config, databaseUrl, temporalAddress);
    stops.push({ name: 'worker', stop: worker.stop });
    const api = await startApiServer(config, databaseUrl, temporalAddress);
    stops.push({ name: 'API', stop: api.close });
    return { databaseUrl, temporalAddress, temporalUiUrl, api, worker, pids, stop };
  } catch (err) {
    await stop();
    throw err;
  }
}
