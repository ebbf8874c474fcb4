// A TaskRun workflow's outcome as a Temporal client sees it: a dead letter fails the workflow
// (DEAD_LETTERED_FAILURE, docs/sdk.md), read back here as 'dead_letter'.
import { WorkflowFailedError } from '@temporalio/client';
import { ApplicationFailure } from '@temporalio/common';
import { DEAD_LETTERED_FAILURE, type TaskRunOutcome } from '../../src/workflow-contracts/task-run-input';

export async function taskRunOutcome(result: Promise<TaskRunOutcome>): Promise<TaskRunOutcome> {
  try {
    return await result;
  } catch (err) {
    if (err instanceof WorkflowFailedError && err.cause instanceof ApplicationFailure && err.cause.type === DEAD_LETTERED_FAILURE) return 'dead_letter';
    throw err;
  }
}
