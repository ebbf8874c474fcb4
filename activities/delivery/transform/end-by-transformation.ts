// A run the transformation stopped, with no call made: `cancel: true` ends it cancelled; an error, a
// limit or an invalid result ends it a dead letter (reason transformation_failed), spending no attempt
// and counting nothing toward the circuit breaker or auto-disable. A replay after a fix delivers it.
import { ApplicationFailure } from '@temporalio/activity';
import type { Db } from '../../../src/db/prisma';
import { FAILURE_TYPES } from '../../../src/workflow-contracts/task-run-input';
import type { TransformStep } from './transform-delivery';

export const CANCELLED_BY_TRANSFORMATION = 'cancelled by transformation';
export const TRANSFORMATION_FAILED = 'transformation_failed';

export async function endByTransformation(db: Db, taskRunId: string, step: Exclude<TransformStep, { kind: 'send' }>): Promise<never> {
  if (step.kind === 'cancel') {
    // Only the run this activity claimed (running); a retry after the write finds it cancelled and ends the same way.
    await db.taskRun.updateMany({
      where: { id: taskRunId, status: 'running' },
      data: { status: 'cancelled', statusReason: CANCELLED_BY_TRANSFORMATION, finishedAt: new Date(), nextAttemptAt: null },
    });
    throw ApplicationFailure.create({ type: FAILURE_TYPES.runEnded, message: CANCELLED_BY_TRANSFORMATION, nonRetryable: true, details: [{ status: 'cancelled' }] });
  }
  throw ApplicationFailure.create({ type: FAILURE_TYPES.permanent, message: step.detail, nonRetryable: true, details: [{ reason: TRANSFORMATION_FAILED }] });
}
