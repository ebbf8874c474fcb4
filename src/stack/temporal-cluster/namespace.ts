// Registers the namespace on a fresh cluster (the dev server creates its own; a cluster does not) and
// waits until every host's frontend knows it (each refreshes its namespace cache on its own).
import { Connection } from '@temporalio/client';
import { msToTs } from '@temporalio/common/lib/time';
import { waitForTemporal } from '../temporal-dev-server';

const ALREADY_EXISTS = 6; // gRPC status code

export async function registerNamespace(frontends: string[], namespace: string, retentionDays = 3): Promise<'created' | 'existed'> {
  const connection = await Connection.connect({ address: frontends[0] });
  let outcome: 'created' | 'existed' = 'created';
  try {
    await connection.workflowService.registerNamespace({
      namespace,
      workflowExecutionRetentionPeriod: msToTs(`${retentionDays} days`),
    });
  } catch (err) {
    if ((err as { code?: number }).code !== ALREADY_EXISTS) throw err;
    outcome = 'existed';
  } finally {
    await connection.close();
  }
  for (const address of frontends) await waitForTemporal(address, namespace, 60_000);
  return outcome;
}
