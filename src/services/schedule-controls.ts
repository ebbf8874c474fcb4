// Schedule controls: pause with a note, resume, fire now, and the runs a schedule produced.
import type { Pagination } from '../api/schemas/common';
import { conflict, temporalUnavailable } from '../domain/errors';
import type { ServiceContext } from './context';
import { pageQuery, toPage } from './pagination';
import { findLiveSchedule } from './schedules';
import { describeTemporalSchedule, setTemporalPaused, temporalPauseState, triggerTemporalSchedule } from './schedule-temporal';
import { scheduleView } from './schedule-view';
import { taskRunView } from './task-run-view';

async function temporalCall(ctx: ServiceContext, what: string, call: () => Promise<void>) {
  try {
    await call();
  } catch (err) {
    ctx.logger.error({ err }, `temporal schedule ${what} failed`);
    throw temporalUnavailable((err as Error).message);
  }
}

export async function setSchedulePaused(ctx: ServiceContext, id: string, paused: boolean, note?: string) {
  const current = await findLiveSchedule(ctx, id);
  const next = { ...current, paused, note: paused ? (note ?? null) : null };
  // Resuming a schedule whose endpoint is paused keeps Temporal paused, with a note that says why.
  await temporalCall(ctx, paused ? 'pause' : 'resume', () => setTemporalPaused(ctx, id, temporalPauseState(next, current.endpoint)));
  const row = await ctx.db.schedule.update({ where: { id }, data: { paused: next.paused, note: next.note } });
  return scheduleView(ctx, row, current.endpoint, await describeTemporalSchedule(ctx, id));
}

/** Fires once now, outside the calendar; the run appears under GET /v1/schedules/:id/runs. */
export async function triggerSchedule(ctx: ServiceContext, id: string) {
  const { endpoint } = await findLiveSchedule(ctx, id);
  if (endpoint.status !== 'active') {
    throw conflict('Endpoint not active', `Endpoint ${endpoint.id} is ${endpoint.status}; resume it before triggering its schedules.`);
  }
  const triggeredAt = new Date();
  await temporalCall(ctx, 'trigger', () => triggerTemporalSchedule(ctx, id));
  return { scheduleId: id, triggeredAt: triggeredAt.toISOString(), runs: `/v1/schedules/${id}/runs` };
}

export async function listScheduleRuns(ctx: ServiceContext, id: string, page: Pagination) {
  await findLiveSchedule(ctx, id);
  const rows = await ctx.db.taskRun.findMany(pageQuery(page, { scheduleId: id }));
  return toPage(rows, page.limit, (r) => taskRunView(ctx, r));
}
