// Prisma Client on the pg driver adapter: no native query engine needed.
import { PrismaPg } from '@prisma/adapter-pg';
import type { Config } from '../config';
import { PrismaClient } from './generated/client';

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
  const adapter = new PrismaPg({
    connectionString: databaseUrl,
    max: limits.poolSize ?? 10,
    connectionTimeoutMillis: limits.connectTimeoutMs ?? 3000,
    ...(limits.statementTimeoutMs
      ? { statement_timeout: limits.statementTimeoutMs, query_timeout: limits.statementTimeoutMs + 1000 }
      : {}),
  }, {
    // Without these, a server shutdown (57P01) on an idle or checked-out connection is an unhandled
    // 'error' event that kills the process; the pool drops the broken connection and carries on.
    onPoolError: (err) => limits.onConnectionError?.(err),
    onConnectionError: (err) => limits.onConnectionError?.(err),
  });
  return new PrismaClient({ adapter });
}
