// Schedule controls: pause with a note, resume, fire now, and the runs a schedule produced. Pause and
// resume change the row and Temporal together (the row commits only when Temporal took the change);
// a Temporal that does not answer in time means 503 + Retry-After and nothing changed.
import type { Pagination } from '../contracts/common';
import { conflict } from '../domain/errors';
import type { DbDeps, Links, TemporalDeps } from './deps';
import { pageQuery, toPage } from './pagination';
import { findLiveSchedule } from './schedules';
import { describeWithinBudget, setTemporalPaused, temporalPauseState, triggerTemporalSchedule } from './schedule-temporal';
import { scheduleView } from './schedule-view';
import { taskRunView } from './task-run-view';
import { temporalScheduleWrite } from './temporal-deadline';

export async function setSchedulePaused(deps: DbDeps & TemporalDeps & Links, id: string, paused: boolean, note?: string) {
  const current = await findLiveSchedule(deps, id);
  const row = await deps.db.$transaction(async (tx) => {
    const updated = await tx.schedule.update({ where: { id }, data: { paused, note: paused ? (note ?? null) : null } });
    // Resuming a schedule whose endpoint is paused keeps Temporal paused, with a note that says why.
    await temporalScheduleWrite(deps, paused ? 'pause' : 'resume', () => setTemporalPaused(deps, id, temporalPauseState(updated, current.endpoint)));
    return updated;
  });
  return scheduleView(deps, row, current.endpoint, await describeWithinBudget(deps, id));
}

/** Fires once now, outside the calendar; the run appears under GET /v1/schedules/:id/runs. */
export async function triggerSchedule(deps: DbDeps & TemporalDeps, id: string) {
  const { endpoint } = await findLiveSchedule(deps, id);
  if (endpoint.status !== 'active') {
    throw conflict('Endpoint not active', `Endpoint ${endpoint.id} is ${endpoint.status}; resume it before triggering its schedules.`);
  }
  const triggeredAt = new Date();
  await temporalScheduleWrite(deps, 'trigger', () => triggerTemporalSchedule(deps, id));
  return { scheduleId: id, triggeredAt: triggeredAt.toISOString(), runs: `/v1/schedules/${id}/runs` };
}

export async function listScheduleRuns(deps: DbDeps & Links, id: string, page: Pagination) {
  await findLiveSchedule(deps, id);
  const rows = await deps.db.taskRun.findMany(pageQuery(page, { scheduleId: id }));
  return toPage(rows, page.limit, (r) => taskRunView(deps, r));
}
