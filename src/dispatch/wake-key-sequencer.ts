// Waking an ordering key's sequencer: the Temporal call behind a `sequencer_wake` outbox row.
import type { Client } from '@temporalio/client';
import { sequencerWorkflowIdFor } from '../domain/node/ordering-key';
import { urlWithoutQuery } from '../domain/redact-url';
import { SEARCH_ATTRIBUTES } from '../temporal/search-attributes';
import type { KeySequencerInput } from '../workflow-contracts/key-sequencer-input';
import { orderedRunAddedSignal } from '../workflow-contracts/key-sequencer-signals';

export interface SequencerTarget {
  endpointId: string;
  endpointUrl: string;
  orderingKey: string;
}

/** Signal-with-start: starts the key's sequencer if none runs, else tells it to look at its queue again. */
export async function wakeKeySequencer(deps: { temporal: Client; taskQueue: string }, t: SequencerTarget): Promise<void> {
  const args: [KeySequencerInput] = [{ endpointId: t.endpointId, orderingKey: t.orderingKey }];
  await deps.temporal.workflow.signalWithStart('keySequencerWorkflow', {
    workflowId: sequencerWorkflowIdFor(t.endpointId, t.orderingKey),
    taskQueue: deps.taskQueue,
    args,
    signal: orderedRunAddedSignal,
    signalArgs: [],
    typedSearchAttributes: [{ key: SEARCH_ATTRIBUTES.endpointId, value: t.endpointId }],
    memo: { endpointUrl: urlWithoutQuery(t.endpointUrl), orderingKey: t.orderingKey },
  });
}
