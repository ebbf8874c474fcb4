// Starts the TaskRun workflow for a run row that already exists. Shared by every trigger.
import { WorkflowExecutionAlreadyStartedError } from '@temporalio/client';
import { urlWithoutQuery } from '../domain/redact-url';
import type { TaskRunInput } from '../domain/task-run-input';
import { SEARCH_ATTRIBUTES } from '../temporal/search-attributes';
import type { ServiceContext } from './context';

export interface StartTaskRunOptions {
  workflowId: string;
  input: TaskRunInput;
  trigger: string;
  endpointUrl: string;
  payloadBytes: number;
}

export async function startTaskRunWorkflow(ctx: Pick<ServiceContext, 'temporal' | 'taskQueue'>, o: StartTaskRunOptions): Promise<void> {
  try {
    await ctx.temporal.workflow.start('taskRunWorkflow', {
      taskQueue: ctx.taskQueue,
      workflowId: o.workflowId,
      args: [o.input],
      typedSearchAttributes: [
        { key: SEARCH_ATTRIBUTES.endpointId, value: o.input.endpointId },
        { key: SEARCH_ATTRIBUTES.trigger, value: o.trigger },
        { key: SEARCH_ATTRIBUTES.status, value: 'pending' },
      ],
      memo: { endpointUrl: urlWithoutQuery(o.endpointUrl), payloadBytes: o.payloadBytes },
    });
  } catch (err) {
    // Starting twice with the same id means the first start won: that is success.
    if (!(err instanceof WorkflowExecutionAlreadyStartedError)) throw err;
  }
}
