// Tells an endpoint's dead-letter workflow that one of its dead letters was resolved. Goes through the
// outbox in the same transaction as the resolution; the database row is the record, so a workflow
// that is gone (nothing holds the dead letter) has nothing to be told.
import type { WorkflowSignal } from '../dispatch/start-request';
import { deadLetterWorkflowId } from '../domain/workflow-ids';
import { deadLetterResolvedSignal, type DeadLetterResolved } from '../workflow-contracts/dead-letter';

export function deadLetterResolvedSignalRequest(endpointId: string, resolved: DeadLetterResolved): WorkflowSignal {
  return {
    kind: 'signal',
    workflowId: deadLetterWorkflowId(endpointId),
    signal: deadLetterResolvedSignal.name,
    args: [resolved],
    about: resolved.deadLetterId,
  };
}
