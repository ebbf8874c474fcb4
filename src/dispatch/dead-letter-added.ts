// A new dead letter handed to its endpoint's dead-letter workflow (signal-with-start: the first dead
// letter creates it). Written into the outbox in the transaction that records the dead letter
// (activities/delivery/finish-run.activity.ts), so the record and its announcement never part.
import type { Client } from '@temporalio/client';
import { deadLetterWorkflowId } from '../domain/workflow-ids';
import { SEARCH_ATTRIBUTES } from '../temporal/search-attributes';
import { deadLetterAddedSignal, type DeadLetterWorkflowInput } from '../workflow-contracts/dead-letter';

export interface DeadLetterAdded {
  kind: 'dead_letter_added';
  /** The endpoint's dead-letter workflow. */
  workflowId: string;
  endpointId: string;
  deadLetterId: string;
}

export function deadLetterAdded(endpointId: string, deadLetterId: string): DeadLetterAdded {
  return { kind: 'dead_letter_added', workflowId: deadLetterWorkflowId(endpointId), endpointId, deadLetterId };
}

/** Idempotent: the workflow holds ids in a set, so a second delivery of this row changes nothing. */
export function announceDeadLetter(t: { temporal: Client; taskQueue: string }, r: DeadLetterAdded) {
  const args: [DeadLetterWorkflowInput] = [{ endpointId: r.endpointId }];
  return t.temporal.workflow.signalWithStart('deadLetterWorkflow', {
    workflowId: r.workflowId,
    taskQueue: t.taskQueue,
    args,
    signal: deadLetterAddedSignal,
    signalArgs: [r.deadLetterId],
    typedSearchAttributes: [{ key: SEARCH_ATTRIBUTES.endpointId, value: r.endpointId }],
  });
}
