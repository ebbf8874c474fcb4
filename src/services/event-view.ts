// The API shapes of an event and of the task runs it fanned out to.
import type { Event, TaskRun } from '../db/generated/client';
import { eventFanoutWorkflowId, temporalUiUrl } from '../domain/workflow-ids';
import type { Links } from './deps';


export function eventView(links: Links, e: Event) {
  const workflowId = eventFanoutWorkflowId(e.id);
  return {
    id: e.id,
    type: e.type,
    tenantId: e.tenantId,
    payload: e.payloadPurgedAt ? null : e.payload,
    payloadPurgedAt: e.payloadPurgedAt ? e.payloadPurgedAt.toISOString() : null,
    idempotencyKey: e.idempotencyKey,
    orderingKey: e.orderingKey,
    orderingSequence: e.orderingSeq,
    sourceId: e.sourceId,
    sourceDeliveryId: e.sourceDeliveryId,
    /** null while the fanout is still matching endpoints; 0 when it matched none. */
    matchedEndpointCount: e.matchedEndpointCount,
    fanoutStatus: e.matchedEndpointCount === null ? ('matching' as const) : ('completed' as const),
    fanoutWorkflowId: workflowId,
    temporalUrl: temporalUiUrl(links.temporalUiUrl, links.namespace, workflowId),
    createdAt: e.createdAt.toISOString(),
  };
}

export function eventTaskRunView(links: Links, r: Pick<TaskRun, 'id' | 'endpointId' | 'status' | 'statusReason' | 'attemptCount' | 'webhookId' | 'workflowId' | 'createdAt' | 'finishedAt'>) {
  return {
    id: r.id,
    endpointId: r.endpointId,
    status: r.status,
    statusReason: r.statusReason,
    attemptCount: r.attemptCount,
    webhookId: r.webhookId,
    workflowId: r.workflowId,
    temporalUrl: temporalUiUrl(links.temporalUiUrl, links.namespace, r.workflowId),
    createdAt: r.createdAt.toISOString(),
    finishedAt: r.finishedAt ? r.finishedAt.toISOString() : null,
  };
}
