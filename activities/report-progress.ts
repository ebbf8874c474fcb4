// Tells the run's own workflow that a retry started or was scheduled, so its EdgeCronStatus search
// attribute (what the Web UI filters on) stays current. Best effort: the ledger already holds the
// truth, so a failed signal is logged and the delivery goes on.
import { Context } from '@temporalio/activity';
import type { Logger } from '../src/logger';
import { deliveryProgressSignal, type DeliveryProgress } from '../workflows/task-run.definitions';

const SIGNAL_DEADLINE_MS = 2000;

export async function reportProgress(logger: Logger, taskRunId: string, progress: DeliveryProgress): Promise<void> {
  try {
    const { client, info } = Context.current();
    const run = info.workflowExecution;
    if (!run) return;
    const handle = client.workflow.getHandle(run.workflowId, run.runId);
    // Bounded: with Temporal unreachable the delivery must not wait out the client's own retries.
    await client.connection.withDeadline(Date.now() + SIGNAL_DEADLINE_MS, () => handle.signal(deliveryProgressSignal, progress));
  } catch (err) {
    logger.warn({ taskRunId, progress, err: (err as Error).message }, 'could not update the run status in Temporal');
  }
}
