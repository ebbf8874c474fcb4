// The API shape of a dead letter, linked to the endpoint's dead-letter workflow in the Temporal UI.
import type { DeadLetter, TaskRun } from '../db/generated/client';
import { deadLetterWorkflowId, temporalUiUrl } from '../domain/workflow-ids';
import type { Links } from './deps';
import { isoOrNull } from './iso-time';


export function deadLetterView(links: Links, d: DeadLetter & { taskRun?: TaskRun }) {
  const workflowId = deadLetterWorkflowId(d.endpointId);
  return {
    id: d.id,
    taskRunId: d.taskRunId,
    endpointId: d.endpointId,
    tenantId: d.tenantId,
    reason: d.reason,
    detail: d.detail,
    status: d.status,
    replayTaskRunId: d.replayTaskRunId,
    ...(d.taskRun ? { webhookId: d.taskRun.webhookId, attemptCount: d.taskRun.attemptCount } : {}),
    createdAt: d.createdAt.toISOString(),
    resolvedAt: isoOrNull(d.resolvedAt),
    workflowId,
    temporalUrl: temporalUiUrl(links.temporalUiUrl, links.namespace, workflowId),
  };
}
