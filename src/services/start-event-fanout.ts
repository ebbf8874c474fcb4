// Starts the EventFanout workflow for an event row that already exists.
import { WorkflowExecutionAlreadyStartedError, WorkflowIdReusePolicy } from '@temporalio/client';
import type { EventFanoutInput } from '../domain/event-fanout';
import { eventFanoutWorkflowId } from '../domain/workflow-ids';
import { SEARCH_ATTRIBUTES } from '../temporal/search-attributes';
import type { ServiceContext } from './context';

export async function startEventFanout(ctx: Pick<ServiceContext, 'temporal' | 'taskQueue'>, event: { id: string; type: string }): Promise<void> {
  const input: EventFanoutInput = { eventId: event.id, eventType: event.type, afterEndpointId: null, startedSoFar: 0 };
  try {
    await ctx.temporal.workflow.start('eventFanoutWorkflow', {
      taskQueue: ctx.taskQueue,
      workflowId: eventFanoutWorkflowId(event.id),
      args: [input],
      // One fanout per event, ever, even after the first one has finished.
      workflowIdReusePolicy: WorkflowIdReusePolicy.REJECT_DUPLICATE,
      typedSearchAttributes: [
        { key: SEARCH_ATTRIBUTES.eventType, value: event.type },
        { key: SEARCH_ATTRIBUTES.trigger, value: 'event' },
      ],
    });
  } catch (err) {
    if (!(err instanceof WorkflowExecutionAlreadyStartedError)) throw err;
  }
}
