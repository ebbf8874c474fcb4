// One Temporal client per process. Lazy: a process starts (and its API accepts work) while Temporal
// is still away; the connection is made on first use and re-made after an outage. Closing it is safe
// while calls still wait to retry (closable-retry.ts).
import { Client, Connection, type ClientInterceptors } from '@temporalio/client';
import type { NativeConnection } from '@temporalio/worker';
import type { TemporalConnectionOptions } from './connection-options';
import { closableRetryInterceptor } from './closable-retry';

export function createTemporalClient(
  connectionOptions: TemporalConnectionOptions,
  namespace: string,
  interceptors?: ClientInterceptors,
): Client {
  const connection = Connection.lazy({ ...connectionOptions, interceptors: [closableRetryInterceptor()] });
  return new Client({ connection, namespace, interceptors });
}

/**
 * A client on a worker's NativeConnection: what eager workflow starts need. The server hands the first
 * workflow task back with the start, and the SDK gives it to this connection's worker of that task queue.
 */
export function createClientOnWorkerConnection(connection: NativeConnection, namespace: string, interceptors?: ClientInterceptors): Client {
  return new Client({ connection, namespace, interceptors });
}
