// A database of a test's own on the test stack's PostgreSQL, migrated like production: for tests whose
// clock or data would disturb other test files (the purge with a moved "now", EXPLAIN on seeded rows).
import pg from 'pg';
import { inject } from 'vitest';
import { applyMigrations } from '../../src/db/migrate';
import { createDb, type Db } from '../../src/db/prisma';

export interface PrivateDatabase {
  url: string;
  db: Db;
  /** A plain pg client on it (EXPLAIN, bulk seeding). */
  sql: pg.Client;
  drop(): Promise<void>;
}

export async function createPrivateDatabase(name: string): Promise<PrivateDatabase> {
  const admin = new pg.Client({ connectionString: inject('databaseUrl') });
  await admin.connect();
  const dbName = `${name}_${process.pid}`;
  await admin.query(`DROP DATABASE IF EXISTS ${dbName}`);
  await admin.query(`CREATE DATABASE ${dbName}`);
  const url = new URL(inject('databaseUrl'));
  url.pathname = `/${dbName}`;
  await applyMigrations(url.toString());
  const db = createDb(url.toString(), { statementTimeoutMs: 120_000 });
  const sql = new pg.Client({ connectionString: url.toString() });
  await sql.connect();
  return {
    url: url.toString(),
    db,
    sql,
    async drop() {
      await db.$disconnect();
      await sql.end();
      await admin.query(`DROP DATABASE IF EXISTS ${dbName} WITH (FORCE)`);
      await admin.end();
    },
  };
}
