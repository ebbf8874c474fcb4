// Tells the run's own workflow what its delivery is doing, so the EdgeCronStatus search attribute
// (what the Web UI filters on) follows retries the workflow cannot otherwise see. Best effort: the
// ledger holds the truth, so a failed signal is logged and the delivery goes on.
import { Context } from '@temporalio/activity';
import type { Logger } from '../../src/logger';
import { deliveryProgressSignal, type DeliveryProgress } from '../../src/workflow-contracts/task-run-signals';

const SIGNAL_DEADLINE_MS = 2000;
/** A first attempt counts as running once it takes this long: a signal for every fast call would cost ~10% throughput. */
const SLOW_FIRST_ATTEMPT_MS = 1000;

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

/**
 * Reports `running` beside the HTTP call: at once for a retry, after a second for a first attempt.
 * `settle()` waits for a signal already sent, so a later `retry_scheduled` cannot overtake it.
 */
export function announceRunning(logger: Logger, taskRunId: string, attemptNumber: number): { settle(): Promise<void> } {
  let sent: Promise<void> | undefined;
  const send = () => (sent = reportProgress(logger, taskRunId, 'running'));
  let timer: NodeJS.Timeout | undefined;
  // Not awaited here: the signal goes beside the HTTP call; `sent` keeps it for settle(), and reportProgress never rejects.
  if (attemptNumber > 1) void send();
  else timer = setTimeout(send, SLOW_FIRST_ATTEMPT_MS);
  return {
    async settle() {
      clearTimeout(timer);
      await sent;
    },
  };
}
