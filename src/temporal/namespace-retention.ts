// How long Temporal keeps a closed workflow's history (the namespace's workflow retention; README
// "Retention"). Set on the embedded dev server at start; a cluster's namespace is registered with it.
// After it, the Web UI has nothing to show for a run: the API's run links say so.
import { Connection } from '@temporalio/client';
import { msToNumber, msToTs, optionalTsToMs } from '@temporalio/common/lib/time';
import type { TemporalConnectionOptions } from './connection-options';

const DAY_MS = 86_400_000;

/** Returns the retention in days the namespace had before (the same as `days` when nothing changed). */
export async function ensureNamespaceRetention(connectionOptions: TemporalConnectionOptions, namespace: string, days: number): Promise<number> {
  const connection = await Connection.connect(connectionOptions);
  try {
    const described = await connection.workflowService.describeNamespace({ namespace });
    const currentMs = optionalTsToMs(described.config?.workflowExecutionRetentionTtl) ?? 0;
    if (currentMs !== msToNumber(`${days} days`)) {
      await connection.workflowService.updateNamespace({ namespace, config: { workflowExecutionRetentionTtl: msToTs(`${days} days`) } });
    }
    return currentMs / DAY_MS;
  } finally {
    await connection.close();
  }
}
