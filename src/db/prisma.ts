// Prisma Client on the pg driver adapter: no native query engine needed.
import { PrismaPg } from '@prisma/adapter-pg';
import pg from 'pg';
import type { Config } from '../config';
import { PrismaClient } from './generated/client';
import { isolateTenants } from './tenant-isolation';

export type Db = PrismaClient;

export interface DbLimits {
  poolSize?: number;
  /** Give up connecting after this long: a database that is down answers fast instead of hanging. */
  connectTimeoutMs?: number;
  /** Server-side statement_timeout, and the client-side bound on one query. */
  statementTimeoutMs?: number;
  /** A pooled connection that breaks (database restarted) is reported here instead of crashing the process. */
  onConnectionError?: (err: Error) => void;
}

export const dbLimits = (config: Config): DbLimits => ({
  connectTimeoutMs: config.DATABASE_CONNECT_TIMEOUT_MS,
  statementTimeoutMs: config.DATABASE_STATEMENT_TIMEOUT_MS,
});

export function createDb(databaseUrl: string, limits: DbLimits = {}): Db {
  const report = (err: Error) => limits.onConnectionError?.(err);
  const pool = new pg.Pool({
    connectionString: databaseUrl,
    max: limits.poolSize ?? 10,
    connectionTimeoutMillis: limits.connectTimeoutMs ?? 3000,
    ...(limits.statementTimeoutMs
      ? { statement_timeout: limits.statementTimeoutMs, query_timeout: limits.statementTimeoutMs + 1000 }
      : {}),
  });
  // A server shutdown (57P01) reaches every open connection as an 'error' event; on a connection that
  // is checked out between queries nobody listens, and an unheard 'error' kills the process (the chaos
  // suite's PostgreSQL outage found this). One listener per connection for its whole life: the pool
  // still drops the broken connection, the query in flight still fails and is retried.
  pool.on('connect', (client) => client.on('error', report));
  const adapter = new PrismaPg(pool, { onPoolError: report, onConnectionError: report, disposeExternalPool: true });
  return isolateTenants(new PrismaClient({ adapter }));
}
