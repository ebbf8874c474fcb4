// One Temporal client per process.
import { Client, Connection } from '@temporalio/client';
import type { TemporalConnectionOptions } from './connection-options';

export async function createTemporalClient(connectionOptions: TemporalConnectionOptions, namespace: string): Promise<Client> {
  const connection = await Connection.connect(connectionOptions);
  return new Client({ connection, namespace });
}
