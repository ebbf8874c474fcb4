// Creates the `temporal` and `temporal_visibility` databases and brings their schemas to the server's
// version with Temporal's own SQL tool (the schemas are embedded in it): the same three steps as
// docker-compose.yml's temporal-schema job. Each is idempotent in v1.31 (an existing database is
// kept, setup-schema never lowers a recorded version, update-schema applies only what is new).
import { spawn } from 'node:child_process';
import { TEMPORAL_DATABASES, type ClusterDatabase } from './settings';

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
    await sqlTool(sql, db, database, ['create-database']);
    await sqlTool(sql, db, database, ['setup-schema', '-v', '0.0']);
    await sqlTool(sql, db, database, ['update-schema', '--schema-name', schemaName]);
    log(`schema ${database} up to date`);
  }
}
