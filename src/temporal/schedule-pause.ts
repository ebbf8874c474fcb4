// Pausing or resuming an EdgeCron schedule in Temporal: used by the services (API pause/resume, endpoint
// sync) and by the dispatcher's `schedules_hold` outbox rows, so it lives below both.
import type { Client } from '@temporalio/client';
import { scheduleWorkflowId } from '../domain/workflow-ids';

export async function setTemporalPaused(deps: { temporal: Client }, scheduleId: string, state: { paused: boolean; note?: string }) {
  const handle = deps.temporal.schedule.getHandle(scheduleWorkflowId(scheduleId));
  if (state.paused) await handle.pause(state.note);
  else await handle.unpause(state.note ?? 'resumed by API');
}
