// Workflow ids are built here and only here, from API ids, so the Temporal Web UI reads like the API.
// Pure module: imported by workflows too.

export const taskRunWorkflowId = (taskRunId: string): string => `task-run/${taskRunId}`;
export const deadLetterWorkflowId = (endpointId: string): string => `dead-letters/${endpointId}`;
export const deadLetterReplayWorkflowId = (replayId: string): string => `dead-letter-replay/${replayId}`;
/** The bulk replay id in a deadLetterReplayWorkflowId, or null for any other workflow. */
export const bulkReplayIdOf = (workflowId: string): string | null =>
  workflowId.startsWith('dead-letter-replay/') ? workflowId.slice('dead-letter-replay/'.length) : null;
export const eventFanoutWorkflowId = (eventId: string): string => `event-fanout/${eventId}`;
export const scheduleWorkflowId = (scheduleId: string): string => `schedule/${scheduleId}`;

/** Link to a workflow in the Temporal Web UI. */
export function temporalUiUrl(baseUrl: string, namespace: string, workflowId: string): string {
  const base = baseUrl.replace(/\/+$/, '');
  return `${base}/namespaces/${encodeURIComponent(namespace)}/workflows/${encodeURIComponent(workflowId)}`;
}

/** The sequencer of one (endpoint, ordering key); the key is hashed (src/domain/node/ordering-key.ts) to keep ids short and opaque. */
export const keySequencerWorkflowId = (endpointId: string, orderingKeyHash: string): string => `ordered/${endpointId}/${orderingKeyHash}`;

/** The system Schedule that runs the retention purge, one per deployment (task queue); its runs use the same id. */
export const retentionPurgeScheduleId = (taskQueue: string): string => `system/retention-purge/${taskQueue}`;
