// Schedule controls: pause with a note, resume, fire now, and the runs a schedule produced. Pause and
// resume change the row and Temporal together (the row commits only when Temporal took the change);
// a Temporal that does not answer in time means 503 + Retry-After and nothing changed.
import type { Pagination } from '../contracts/common';
import { conflict } from '../domain/errors';
import type { ServiceContext } from './context';
import { pageQuery, toPage } from './pagination';
import { findLiveSchedule } from './schedules';
import { describeWithinBudget, setTemporalPaused, temporalPauseState, triggerTemporalSchedule } from './schedule-temporal';
import { scheduleView } from './schedule-view';
import { taskRunView } from './task-run-view';
import { temporalScheduleWrite } from './temporal-deadline';

export async function setSchedulePaused(ctx: ServiceContext, id: string, paused: boolean, note?: string) {
  const current = await findLiveSchedule(ctx, id);
  const row = await ctx.db.$transaction(async (tx) => {
    const updated = await tx.schedule.update({ where: { id }, data: { paused, note: paused ? (note ?? null) : null } });
    // Resuming a schedule whose endpoint is paused keeps Temporal paused, with a note that says why.
    await temporalScheduleWrite(ctx, paused ? 'pause' : 'resume', () => setTemporalPaused(ctx, id, temporalPauseState(updated, current.endpoint)));
    return updated;
  });
  return scheduleView(ctx, row, current.endpoint, await describeWithinBudget(ctx, id));
}

/** Fires once now, outside the calendar; the run appears under GET /v1/schedules/:id/runs. */
export async function triggerSchedule(ctx: ServiceContext, id: string) {
  const { endpoint } = await findLiveSchedule(ctx, id);
  if (endpoint.status !== 'active') {
    throw conflict('Endpoint not active', `Endpoint ${endpoint.id} is ${endpoint.status}; resume it before triggering its schedules.`);
  }
  const triggeredAt = new Date();
  await temporalScheduleWrite(ctx, 'trigger', () => triggerTemporalSchedule(ctx, id));
  return { scheduleId: id, triggeredAt: triggeredAt.toISOString(), runs: `/v1/schedules/${id}/runs` };
}

export async function listScheduleRuns(ctx: ServiceContext, id: string, page: Pagination) {
  await findLiveSchedule(ctx, id);
  const rows = await ctx.db.taskRun.findMany(pageQuery(page, { scheduleId: id }));
  return toPage(rows, page.limit, (r) => taskRunView(ctx, r));
}
