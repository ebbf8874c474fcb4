// Compensation hook: dead-lettering is meant to publish the system event
// `edgecron.task_run.dead_lettered`, so endpoints subscribed to it let a business react.
// TODO(events): events are built in a separate issue; publish through them here once they exist.
// Until then the DeadLetter row and the dead-letter workflow's signal are the record.
import type { ActivityDeps } from '../deps';

export const DEAD_LETTERED_EVENT_TYPE = 'edgecron.task_run.dead_lettered';

export interface DeadLetteredEvent {
  deadLetterId: string;
  taskRunId: string;
  endpointId: string;
  reason: string;
}

export async function publishDeadLetteredEvent(_deps: ActivityDeps, _event: DeadLetteredEvent): Promise<void> {
  // Intentionally empty until events exist (see TODO above).
}
