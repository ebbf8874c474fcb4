// For Temporal users: what EdgeCron's worker registers, so your own Temporal code can find, await
// or query EdgeCron workflows. Constants and types only: the package needs nothing but Node.
export { taskRunWorkflowId, scheduleWorkflowId, eventFanoutWorkflowId, deadLetterWorkflowId } from '../domain/workflow-ids';
export type { TaskRunInput, TaskRunOutcome } from '../workflow-contracts/task-run-input';
export type { RetryPolicySpec, RetryStrategy } from '../domain/retry-policy';

/** Workflow type names, as registered by the EdgeCron worker (workflows/index.ts). */
export const EDGECRON_WORKFLOWS = {
  /** Delivers one task run: `(input: TaskRunInput) => Promise<TaskRunOutcome>`. */
  taskRun: 'taskRunWorkflow',
  /** Started by a Temporal Schedule for each fire; records the run, then delivers it as a child. */
  scheduledFire: 'scheduledFireWorkflow',
} as const;

/** The task queue the worker polls unless TEMPORAL_TASK_QUEUE says otherwise. */
export const DEFAULT_TASK_QUEUE = 'edgecron';

/** The namespace used unless TEMPORAL_NAMESPACE says otherwise. */
export const DEFAULT_NAMESPACE = 'default';

/**
 * Custom search attributes EdgeCron sets on its workflows (filter the Web UI with them). Each is shaped
 * as @temporalio/common's `defineSearchAttributeKey(name, 'KEYWORD')` returns, so it can be passed where
 * a SearchAttributeKey is expected; test/sdk-package.test.ts holds it equal to the worker's own.
 */
export const EDGECRON_SEARCH_ATTRIBUTES = {
  endpointId: { name: 'EdgeCronEndpointId', type: 'KEYWORD' },
  eventType: { name: 'EdgeCronEventType', type: 'KEYWORD' },
  trigger: { name: 'EdgeCronTrigger', type: 'KEYWORD' },
  scheduleId: { name: 'EdgeCronScheduleId', type: 'KEYWORD' },
  status: { name: 'EdgeCronStatus', type: 'KEYWORD' },
  tenantId: { name: 'EdgeCronTenantId', type: 'KEYWORD' },
} as const;
