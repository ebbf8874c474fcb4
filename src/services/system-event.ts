// A system event (an endpoint disabled, a circuit opened) stored inside the transaction that makes the
// change it announces, with its fanout's start in the outbox: both commit or neither does, so a crash
// between "update" and "tell" loses neither. The caller nudges the dispatcher after its commit.
import type { Prisma } from '../db/generated/client';
import { enqueueStart } from '../dispatch/enqueue-start';
import { eventFanoutWorkflowId } from '../domain/workflow-ids';
import { newId } from '../domain/node/ids';
import { contentHash } from './publish-event';

export interface SystemEvent {
  type: string;
  payload: Prisma.InputJsonObject;
  /** The endpoint's tenant: only its endpoints hear of it. Null = installation-wide. */
  tenantId: string | null;
}

export async function storeSystemEvent(tx: Prisma.TransactionClient, taskQueue: string, e: SystemEvent): Promise<string> {
  const id = newId('event');
  const payloadHash = contentHash(e.type, e.payload, undefined, e.tenantId ?? undefined);
  await tx.event.create({ data: { id, type: e.type, payload: e.payload, payloadHash, tenantId: e.tenantId } });
  await enqueueStart(tx, taskQueue, { kind: 'event_fanout', workflowId: eventFanoutWorkflowId(id), eventId: id, eventType: e.type, tenantId: e.tenantId });
  return id;
}
