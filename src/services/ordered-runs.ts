// Ordered delivery, the API side: which runs are ordered, their sequence numbers, and the outbox request
// that wakes the sequencer of their (endpoint, key) (the dispatcher makes the call: src/dispatch/wake-key-sequencer.ts).
import type { Prisma } from '../db/generated/client';
import type { SequencerWake } from '../dispatch/start-request';
import { sequencerWorkflowIdFor } from '../domain/node/ordering-key';

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
