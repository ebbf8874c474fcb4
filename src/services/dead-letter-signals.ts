// Tells an endpoint's dead-letter workflow that one of its dead letters was resolved. Best effort:
// the database row is the record, so a failed signal is logged, not surfaced to the caller.
import { WorkflowNotFoundError } from '@temporalio/client';
import { deadLetterWorkflowId } from '../domain/workflow-ids';
import { deadLetterResolvedSignal, type DeadLetterResolved } from '../../workflows/dead-letter.definitions';
import type { ServiceContext } from './context';

export interface WarnLogger {
  warn(obj: object, msg: string): void;
}

export async function signalDeadLetterResolved(
  ctx: Pick<ServiceContext, 'temporal'> & { logger: WarnLogger },
  endpointId: string,
  resolved: DeadLetterResolved,
): Promise<void> {
  try {
    await ctx.temporal.workflow.getHandle(deadLetterWorkflowId(endpointId)).signal(deadLetterResolvedSignal, resolved);
  } catch (err) {
    if (err instanceof WorkflowNotFoundError) return; // nothing holds it: nothing to tell
    ctx.logger.warn({ err, endpointId, deadLetterId: resolved.deadLetterId }, 'dead-letter workflow signal failed');
  }
}
