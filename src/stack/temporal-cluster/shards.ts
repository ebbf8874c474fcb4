// Which host owns each history shard, read from the cluster's own `shards` table: a shard's record
// names its owner (the history service's host:port) and is rewritten whenever a host acquires it.
import pg from 'pg';
import type { ClusterDatabase } from './settings';

/** History gRPC port of the owner → number of shards it holds. */
export async function shardOwners(db: ClusterDatabase): Promise<Map<number, number>> {
  const client = new pg.Client({ host: db.host, port: db.port, user: db.user, password: db.password, database: 'temporal' });
  await client.connect();
  try {
    const { rows } = await client.query<{ data: Buffer }>('SELECT data FROM shards');
    const owners = new Map<number, number>();
    for (const { data } of rows) {
      // The record is a protobuf ShardInfo; its owner field is plain text inside it.
      const port = Number(/\d{1,3}(?:\.\d{1,3}){3}:(\d{2,5})/.exec(data.toString('latin1'))?.[1] ?? 0);
      owners.set(port, (owners.get(port) ?? 0) + 1);
    }
    return owners;
  } finally {
    await client.end();
  }
}
