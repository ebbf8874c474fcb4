// A Temporal client on the test stack's dev server, for tests that look at what EdgeCron started there
// (workflows, schedules, search attributes). The time-skipping tests use their environment's client instead.
import { Client, Connection } from '@temporalio/client';
import { afterAll, beforeAll, inject } from 'vitest';

/** Connects a client; the caller closes it with `client.connection.close()`. */
async function openTemporalClient(): Promise<Client> {
  const connection = await Connection.connect({ address: inject('temporalAddress') });
  return new Client({ connection, namespace: inject('temporalNamespace') });
}

/** One client for the whole test file: connected before its tests, closed after them. Call the getter in tests and hooks. */
export function useTemporalClient(): () => Client {
  let client: Client | undefined;
  beforeAll(async () => {
    client = await openTemporalClient();
  });
  afterAll(async () => {
    await client?.connection.close();
  });
  return () => {
    if (!client) throw new Error('the Temporal client is connected in beforeAll; use it inside tests and hooks');
    return client;
  };
}

/** A client for one piece of a test, closed when `use` settles. */
export async function withTemporalClient<T>(use: (client: Client) => Promise<T>): Promise<T> {
  const client = await openTemporalClient();
  try {
    return await use(client);
  } finally {
    await client.connection.close();
  }
}

/** The ids of the workflows a visibility query finds, as the Web UI would list them. */
export async function workflowIdsFound(client: Client, query: string): Promise<string[]> {
  const ids: string[] = [];
  for await (const wf of client.workflow.list({ query })) ids.push(wf.workflowId);
  return ids;
}
