// Compensation: every new dead letter publishes the system event `edgecron.task_run.dead_lettered`,
// fanned out like any event, so endpoints subscribed to it let a business react. The idempotency key
// makes a retried announce publish once; a dead-lettered delivery of a system event publishes nothing,
// so a failing compensation endpoint cannot feed itself.
import { publishEvent } from '../../src/services/publish-event';
import type { ActivityDeps } from '../deps';

export const DEAD_LETTERED_EVENT_TYPE = 'edgecron.task_run.dead_lettered';
const SYSTEM_EVENT_PREFIX = 'edgecron.';

export interface DeadLetteredEvent {
  deadLetterId: string;
  taskRunId: string;
  endpointId: string;
  reason: string;
}

export async function publishDeadLetteredEvent(deps: ActivityDeps, event: DeadLetteredEvent): Promise<void> {
  const run = await deps.db.taskRun.findUnique({
    where: { id: event.taskRunId },
    select: { trigger: true, eventId: true, scheduleId: true, tenantId: true, event: { select: { type: true } } },
  });
  if (!run || run.event?.type.startsWith(SYSTEM_EVENT_PREFIX)) return;
  await publishEvent(deps, {
    type: DEAD_LETTERED_EVENT_TYPE,
    payload: { ...event, trigger: run.trigger, eventId: run.eventId, eventType: run.event?.type ?? null, scheduleId: run.scheduleId },
    idempotencyKey: `edgecron:dead-letter:${event.deadLetterId}`,
    // A tenant's dead letter is the tenant's news: only its endpoints hear of it.
    ...(run.tenantId ? { tenantId: run.tenantId } : {}),
  });
}
