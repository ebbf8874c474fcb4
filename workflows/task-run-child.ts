// A parent's reading of how its child TaskRun workflow ended. Since the `lean-happy-path` patch a
// dead letter fails the child (so the Web UI lists it among failures); parents read that back as
// the outcome 'dead_letter', as they got it before.
import { ApplicationFailure, ChildWorkflowFailure } from '@temporalio/workflow';
import { DEAD_LETTERED_FAILURE } from '../src/workflow-contracts/task-run-input';

/** The child ended as a dead letter (and nothing else went wrong). */
export function isDeadLetteredChild(err: unknown): boolean {
  return err instanceof ChildWorkflowFailure && err.cause instanceof ApplicationFailure && err.cause.type === DEAD_LETTERED_FAILURE;
}
