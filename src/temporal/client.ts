// One Temporal client per process.
import { Client, Connection, type ClientInterceptors } from '@temporalio/client';
import type { TemporalConnectionOptions } from './connection-options';

export function createTemporalClient(
  connectionOptions: TemporalConnectionOptions,
  namespace: string,
  interceptors?: ClientInterceptors,
): Client {
  return new Client({ connection: Connection.lazy(connectionOptions), namespace, interceptors });
}
