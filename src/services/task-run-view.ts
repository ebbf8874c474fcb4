// The API shapes of a task run and of one delivery attempt.
import type { DeliveryAttempt, TaskRun } from '../db/generated/client';
import { maskUrl } from '../domain/node/endpoint-credentials';
import { temporalUiUrl } from '../domain/workflow-ids';
import type { Links } from './deps';
import { isoOrNull } from './iso-time';
import { historyExpiresAt } from '../domain/retention';


/** About when Temporal drops the run's workflow history (its namespace retention after the run ended). */
function temporalHistory(links: Pick<Links, 'workflowRetentionDays'>, finishedAt: Date | null, now = new Date()) {
  const expiresAt = historyExpiresAt(finishedAt, links.workflowRetentionDays);
  return { temporalHistoryExpiresAt: isoOrNull(expiresAt), temporalHistoryAvailable: expiresAt === null || expiresAt > now };
}

export function taskRunView(links: Links, r: TaskRun) {
  return {
    id: r.id,
    endpointId: r.endpointId,
    tenantId: r.tenantId,
    status: r.status,
    statusReason: r.statusReason,
    trigger: r.trigger,
    eventId: r.eventId,
    scheduleId: r.scheduleId,
    nominalFireTime: isoOrNull(r.nominalFireTime),
    replayOfId: r.replayOfId,
    // A purged payload reads null with the time it went, never as an empty payload.
    payload: r.payloadPurgedAt ? null : r.payload,
    payloadPurgedAt: isoOrNull(r.payloadPurgedAt),
    webhookId: r.webhookId,
    runAt: r.runAt.toISOString(),
    attemptCount: r.attemptCount,
    nextAttemptAt: isoOrNull(r.nextAttemptAt),
    orderingKey: r.orderingKey,
    /** Place in the key's delivery order; null when the run is not ordered. */
    orderingSequence: r.orderingSeq,
    workflowId: r.workflowId,
    temporalUrl: temporalUiUrl(links.temporalUiUrl, links.namespace, r.workflowId),
    ...temporalHistory(links, r.finishedAt),
    createdAt: r.createdAt.toISOString(),
    updatedAt: r.updatedAt.toISOString(),
    finishedAt: isoOrNull(r.finishedAt),
  };
}

export function attemptView(a: DeliveryAttempt) {
  return {
    id: a.id,
    taskRunId: a.taskRunId,
    attemptNumber: a.attemptNumber,
    trigger: a.trigger,
    status: a.status,
    statusCode: a.statusCode,
    latencyMs: a.latencyMs,
    errorKind: a.errorKind,
    errorMessage: a.errorMessage,
    decision: a.decision,
    decisionReason: a.decisionReason,
    responseHeaders: a.responseHeaders,
    responseBody: a.responseBody,
    responseBodyPurgedAt: isoOrNull(a.responseBodyPurgedAt),
    // Written masked; masked again for attempts an earlier version recorded.
    request: { url: maskUrl(a.requestUrl), method: a.requestMethod },
    destinationResult: a.destinationResult as Record<string, unknown> | null,
    requestId: a.requestId,
    traceId: a.traceId,
    startedAt: a.startedAt.toISOString(),
    endedAt: a.endedAt.toISOString(),
  };
}
