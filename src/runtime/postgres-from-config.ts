// PostgreSQL as the config says: DATABASE_URL's server (waited for), or the embedded one in
// EDGECRON_DATA_DIR on EDGECRON_PG_PORT. Shared by the local stack and `npm run cluster`.
import { join } from 'node:path';
import type { Config } from '../config';
import { startEmbeddedPostgres, waitForPostgres } from '../stack/embedded-postgres';

export interface ConfiguredPostgres {
  databaseUrl: string;
  /** Stops the embedded server; nothing to do for DATABASE_URL's. */
  stop: () => Promise<void>;
  embedded: boolean;
  /** The embedded server's process (the benchmark measures its CPU). */
  pid?: number;
}

export async function postgresFromConfig(
  config: Pick<Config, 'DATABASE_URL' | 'EDGECRON_DATA_DIR' | 'EDGECRON_PG_PORT'>,
  o: { persistent: boolean; log: (line: string) => void; maxConnections?: number },
): Promise<ConfiguredPostgres> {
  if (config.DATABASE_URL) {
    await waitForPostgres(config.DATABASE_URL);
    return { databaseUrl: config.DATABASE_URL, stop: async () => {}, embedded: false };
  }
  const pg = await startEmbeddedPostgres({
    dataDir: join(config.EDGECRON_DATA_DIR, 'postgres'),
    port: config.EDGECRON_PG_PORT,
    persistent: o.persistent,
    log: o.log,
    ...(o.maxConnections ? { maxConnections: o.maxConnections } : {}),
  });
  return { databaseUrl: pg.databaseUrl, stop: pg.stop, embedded: true, pid: pg.pid };
}
