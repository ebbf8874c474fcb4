// One Temporal client per process.
import { Client, Connection, type ClientInterceptors } from '@temporalio/client';
import type { TemporalConnectionOptions } from './connection-options';

export async function createTemporalClient(
  connectionOptions: TemporalConnectionOptions,
  namespace: string,
  interceptors?: ClientInterceptors,
): Promise<Client> {
  const connection = await Connection.connect(connectionOptions);
  return new Client({ connection, namespace, interceptors });
}
