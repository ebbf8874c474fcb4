// The retention purge, started by the `system/retention-purge` Schedule (README "Retention"): calls
// the purge activity stretch after stretch until nothing is due, continuing as new now and then so
// its history stays short. One clock for the whole pass: the time the workflow started.
import { continueAsNew, proxyActivities, workflowInfo } from '@temporalio/workflow';
import type { Activities } from '../activities';
import { addRemoved, emptyRemoved, type PurgeCursor, type PurgeRemoved } from '../src/domain/purge-progress';

const { purgeExpiredActivity } = proxyActivities<Activities>({
  // One stretch spends at most ~20 s of batches; heartbeats after each batch.
  startToCloseTimeout: '2 minutes',
  heartbeatTimeout: '30 seconds',
  // Every batch re-checks what it changes, so a retried stretch repeats nothing; retried until the database answers.
  retry: { initialInterval: '5 seconds', maximumInterval: '1 minute' },
});

export interface RetentionPurgeInput {
  nowMs?: number;
  cursor?: PurgeCursor;
  removed?: PurgeRemoved;
}

/** Stretches per workflow run before continuing as new (~6 history events each). */
const STRETCHES_PER_RUN = 100;

export async function retentionPurgeWorkflow(input: RetentionPurgeInput = {}): Promise<PurgeRemoved> {
  const nowMs = input.nowMs ?? workflowInfo().runStartTime.getTime();
  const removed = input.removed ?? emptyRemoved();
  let cursor = input.cursor;
  for (let i = 0; i < STRETCHES_PER_RUN; i++) {
    const progress = await purgeExpiredActivity({ nowMs, cursor });
    addRemoved(removed, progress.removed);
    if (progress.done) return removed;
    cursor = progress.cursor;
  }
  return continueAsNew<typeof retentionPurgeWorkflow>({ nowMs, cursor, removed });
}
