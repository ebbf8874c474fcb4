// For Temporal users: what EdgeCron's worker registers, so your own Temporal code can find, await
// or query EdgeCron workflows. Constants and types only: the package needs nothing but Node.
export { taskRunWorkflowId, scheduleWorkflowId, eventFanoutWorkflowId, deadLetterWorkflowId } from '../domain/workflow-ids';
export type { TaskRunInput, TaskRunOutcome, DeadLetteredDetails } from '../workflow-contracts/task-run-input';
/**
 * A taskRunWorkflow whose run becomes a dead letter fails with an ApplicationFailure of this type
 * (details[0]: DeadLetteredDetails): `handle.result()` rejects with a WorkflowFailedError whose cause
 * has it, and a parent's `executeChild` throws a ChildWorkflowFailure with that cause.
 */
export { DEAD_LETTERED_FAILURE } from '../workflow-contracts/task-run-input';
export type { RetryPolicySpec, RetryStrategy } from '../domain/retry-policy';

/** Workflow type names, as registered by the EdgeCron worker (workflows/index.ts). */
export const EDGECRON_WORKFLOWS = {
  /** Delivers one task run: `(input: TaskRunInput) => Promise<TaskRunOutcome>`; a dead letter fails it (DEAD_LETTERED_FAILURE). */
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
