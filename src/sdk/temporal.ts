// For Temporal users: what EdgeCron's worker registers, so your own Temporal code can find, await
// or query EdgeCron workflows. Constants and types (plus @temporalio/common search attribute keys).
export { taskRunWorkflowId, scheduleWorkflowId, eventFanoutWorkflowId, deadLetterWorkflowId } from '../domain/workflow-ids';
export type { TaskRunInput, TaskRunOutcome } from '../domain/task-run-input';
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

/** Custom search attributes EdgeCron sets on its workflows (filter the Web UI with them). */
export { SEARCH_ATTRIBUTES as EDGECRON_SEARCH_ATTRIBUTES } from '../temporal/search-attributes';
