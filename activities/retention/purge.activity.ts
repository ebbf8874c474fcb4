// One stretch of the retention purge: batches until nothing is due or the time budget is spent, then
// the cursor to go on from. Heartbeats after every batch, so a worker that dies is noticed quickly and
// another goes on (every batch re-checks what it changes, so repeating one is harmless).
import { Context } from '@temporalio/activity';
import { DEFAULT_RETENTION } from '../../src/domain/retention';
import type { PurgeCursor, PurgeProgress } from '../../src/domain/purge-progress';
import { retentionMetrics } from '../../src/metrics/retention-metrics';
import { purgeExpired } from '../../src/retention/purge';
import type { ActivityDeps } from '../deps';

export interface PurgeActivityInput {
  /** The purge's "now" (the workflow's start time; tests pass any time). */
  nowMs: number;
  cursor?: PurgeCursor;
  /** Wall-clock budget of this call. */
  budgetMs?: number;
}

const DEFAULT_BUDGET_MS = 20_000;
const DEFAULT_BATCH = 500;

function heartbeat(details: unknown) {
  try {
    Context.current().heartbeat(details);
  } catch {
    // Called outside an activity (tests call it directly): nothing to tell.
  }
}

export function createPurgeActivities({ db, retention = DEFAULT_RETENTION, purgeBatchSize = DEFAULT_BATCH }: ActivityDeps) {
  return {
    async purgeExpiredActivity(input: PurgeActivityInput): Promise<PurgeProgress> {
      const progress = await purgeExpired(db, retention, {
        now: new Date(input.nowMs),
        batchSize: purgeBatchSize,
        deadlineMs: Date.now() + (input.budgetMs ?? DEFAULT_BUDGET_MS),
        cursor: input.cursor,
        onBatch: (rule, removed) => {
          retentionMetrics.batches.inc({ rule });
          for (const [kind, n] of Object.entries(removed)) if (n) retentionMetrics.rowsRemoved.inc({ kind }, n);
          heartbeat({ rule });
        },
      });
      if (progress.done) retentionMetrics.lastCompleted.set(Date.now() / 1000);
      return progress;
    },
  };
}
