// Creates the `temporal` and `temporal_visibility` databases and brings their schemas to the server's
// version with Temporal's own SQL tool (the schemas are embedded in it). Safe to run on every start:
// a database or versioning table that exists is kept, and update-schema applies only what is new.
import { spawn } from 'node:child_process';
import pg from 'pg';
import { TEMPORAL_DATABASES, type ClusterDatabase } from './settings';

function connect(db: ClusterDatabase, database: string) {
  return new pg.Client({ host: db.host, port: db.port, user: db.user, password: db.password, database });
}

async function query<T>(db: ClusterDatabase, database: string, run: (c: pg.Client) => Promise<T>): Promise<T> {
  const client = connect(db, database);
  await client.connect();
  try {
    return await run(client);
  } finally {
    await client.end();
  }
}

const databaseExists = (db: ClusterDatabase, name: string) =>
  query(db, 'postgres', async (c) => (await c.query('SELECT 1 FROM pg_database WHERE datname = $1', [name])).rowCount === 1);

const versioned = (db: ClusterDatabase, name: string) =>
  query(db, name, async (c) => (await c.query("SELECT to_regclass('schema_version') IS NOT NULL AS present")).rows[0].present === true);

/** Runs the SQL tool; the password goes through the environment, never the command line. */
function sqlTool(sql: string, db: ClusterDatabase, database: string, args: string[]): Promise<string> {
  const env = {
    PATH: process.env.PATH ?? '',
    SQL_PLUGIN: 'postgres12',
    SQL_HOST: db.host,
    SQL_PORT: String(db.port),
    SQL_USER: db.user,
    SQL_PASSWORD: db.password,
    SQL_DATABASE: database,
  };
  return new Promise((done, fail) => {
    const child = spawn(sql, args, { env, stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    child.stdout.on('data', (c: Buffer) => (output += c.toString()));
    child.stderr.on('data', (c: Buffer) => (output += c.toString()));
    child.once('error', fail);
    child.once('exit', (code) =>
      code === 0 ? done(output) : fail(new Error(`temporal sql tool ${args[0]} on ${database} failed (${code}):\n${output.slice(-2000)}`)),
    );
  });
}

export async function setupTemporalSchemas(sql: string, db: ClusterDatabase, log: (line: string) => void): Promise<void> {
  for (const { database, schemaName } of TEMPORAL_DATABASES) {
    if (!(await databaseExists(db, database))) {
      await sqlTool(sql, db, database, ['create-database']);
      log(`created database ${database}`);
    }
    // setup-schema -v 0.0 would reset a migrated database's recorded version: only on a new one.
    if (!(await versioned(db, database))) await sqlTool(sql, db, database, ['setup-schema', '-v', '0.0']);
    await sqlTool(sql, db, database, ['update-schema', '--schema-name', schemaName]);
    log(`schema ${database} up to date`);
  }
}
