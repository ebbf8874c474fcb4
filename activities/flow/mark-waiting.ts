// A run waiting for a delivery slot shows `pending` with the reason; best effort (the ledger's
// truth is the run's calls, and the wait goes on whatever this write does).
import type { Db } from '../../src/db/prisma';
import type { Logger } from '../../src/logger';

export async function markRunWaiting(db: Db, logger: Logger, taskRunId: string, reason: string): Promise<void> {
  try {
    await db.taskRun.updateMany({
      where: { id: taskRunId, status: { in: ['pending', 'retry_scheduled', 'running'] } },
      data: { status: 'pending', statusReason: reason, nextAttemptAt: null },
    });
  } catch (err) {
    logger.warn({ taskRunId, err: (err as Error).message }, 'could not mark the run as waiting for a delivery slot');
  }
}
