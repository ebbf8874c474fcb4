// A run waiting for a delivery slot shows `pending` with the reason; best effort (the ledger's
// truth is the run's calls, and the wait goes on whatever this write does). A backlog's runs come
// back to the gate again and again with the same reason: each is written once per worker, not on
// every return, so a hung endpoint's backlog does not crowd the worker's database pool.
import type { Db } from '../../src/db/prisma';
import type { Logger } from '../../src/logger';

/** Runs this worker has marked lately, and why; a bound on memory, not on correctness. */
const MAX_REMEMBERED = 50_000;

export interface WaitingMarker {
  mark(taskRunId: string, reason: string): Promise<void>;
  /** The run got its slot: a later wait is written again. */
  forget(taskRunId: string): void;
}

export function createWaitingMarker(db: Db, logger: Logger): WaitingMarker {
  const marked = new Map<string, string>();
  return {
    async mark(taskRunId, reason) {
      if (marked.get(taskRunId) === reason) return;
      try {
        await db.taskRun.updateMany({
          where: { id: taskRunId, status: { in: ['pending', 'retry_scheduled', 'running'] } },
          data: { status: 'pending', statusReason: reason, nextAttemptAt: null },
        });
        if (marked.size >= MAX_REMEMBERED) marked.clear();
        marked.set(taskRunId, reason);
      } catch (err) {
        logger.warn({ taskRunId, err: (err as Error).message }, 'could not mark the run as waiting for a delivery slot');
      }
    },
    forget(taskRunId) {
      marked.delete(taskRunId);
    },
  };
}
