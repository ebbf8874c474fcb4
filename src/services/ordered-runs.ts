// Ordered delivery, the API side: which runs are ordered, their sequence numbers, and waking the
// sequencer of their (endpoint, key).
import type { Prisma } from '../db/generated/client';
import { urlWithoutQuery } from '../domain/redact-url';
import type { KeySequencerInput } from '../workflow-contracts/key-sequencer-input';
import type { SequencerWake } from '../dispatch/start-request';
import { sequencerWorkflowIdFor } from '../domain/node/ordering-key';
import { SEARCH_ATTRIBUTES } from '../temporal/search-attributes';
import { orderedRunAddedSignal } from '../workflow-contracts/key-sequencer-signals';
import type { StarterDeps } from './deps';

/** A run is ordered when it has a key and its endpoint orders by key; otherwise the key is only a label. */
export const isOrdered = (endpoint: { ordering: string }, orderingKey: string | null | undefined): orderingKey is string =>
  endpoint.ordering === 'key' && !!orderingKey;

/**
 * Accepts of one key queue on its counter's row lock, each holding a pooled connection while it waits:
 * a burst on a few keys may wait longer for a connection than Prisma's 2 s default.
 */
export const ORDERED_TRANSACTION = { maxWait: 10_000, timeout: 15_000 };

/**
 * The key's next sequence number in its tenant's scope (null = the installation's own). Called inside the
 * transaction that stores the run or event: the row lock on the counter makes concurrent accepts of one
 * key commit in number order; another tenant's key of the same name is another row and another lock.
 */
export async function takeOrderingSeq(tx: Prisma.TransactionClient, tenantId: string | null | undefined, key: string): Promise<number> {
  const rows = await tx.$queryRaw<Array<{ lastSeq: number }>>`
    INSERT INTO "OrderingKey" ("scope", "key", "lastSeq") VALUES (${tenantId ?? ''}, ${key}, 1)
    ON CONFLICT ("scope", "key") DO UPDATE SET "lastSeq" = "OrderingKey"."lastSeq" + 1
    RETURNING "lastSeq"`;
  return rows[0].lastSeq;
}

export interface SequencerTarget {
  endpointId: string;
  endpointUrl: string;
  orderingKey: string;
}

/** Signal-with-start: starts the key's sequencer if none runs, else tells it to look at its queue again. */
export async function wakeKeySequencer(deps: StarterDeps, t: SequencerTarget): Promise<void> {
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

/** The outbox request that wakes (or starts) the sequencer of one (endpoint, key). */
export function sequencerWake(endpoint: { id: string; url: string }, orderingKey: string): SequencerWake {
  return {
    kind: 'sequencer_wake',
    workflowId: sequencerWorkflowIdFor(endpoint.id, orderingKey),
    endpointId: endpoint.id,
    endpointUrl: endpoint.url,
    orderingKey,
  };
}
