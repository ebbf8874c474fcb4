// An endpoint's state decides whether its schedules fire: pausing it pauses them in Temporal, resuming it
// resumes those the user had not paused themselves, deleting it deletes them. Returns what happened, for
// the endpoint API's response. Best effort per schedule: the fire itself also checks the endpoint.
import type { Endpoint } from '../db/generated/client';
import type { ServiceContext } from './context';
import { deleteTemporalSchedule, setTemporalPaused, temporalPauseState } from './schedule-temporal';

export interface EndpointScheduleEffect {
  /** Schedules now held because the endpoint is not active. */
  paused?: string[];
  /** Schedules firing again. */
  resumed?: string[];
  /** Schedules that stay paused because the user paused them. */
  stillPaused?: string[];
  deleted?: string[];
  /** Schedules Temporal could not be told about (logged; their fires skip while the endpoint is not active). */
  failed?: string[];
}

export async function applyEndpointStateToSchedules(ctx: ServiceContext, endpoint: Endpoint): Promise<EndpointScheduleEffect> {
  const rows = await ctx.db.schedule.findMany({ where: { endpointId: endpoint.id, deletedAt: null }, orderBy: { id: 'asc' } });
  const effect: Required<Pick<EndpointScheduleEffect, 'failed'>> & EndpointScheduleEffect = { failed: [] };
  const holding = endpoint.status !== 'active';
  if (holding) effect.paused = [];
  else [effect.resumed, effect.stillPaused] = [[], []];
  for (const row of rows) {
    const state = temporalPauseState(row, endpoint);
    try {
      await setTemporalPaused(ctx, row.id, state);
      if (holding) effect.paused!.push(row.id);
      else (state.paused ? effect.stillPaused! : effect.resumed!).push(row.id);
    } catch (err) {
      ctx.logger.error({ err, scheduleId: row.id }, 'could not apply endpoint state to schedule');
      effect.failed.push(row.id);
    }
  }
  if (effect.failed.length === 0) delete (effect as EndpointScheduleEffect).failed;
  return effect;
}

export async function deleteEndpointSchedules(ctx: ServiceContext, endpointId: string): Promise<EndpointScheduleEffect> {
  const rows = await ctx.db.schedule.findMany({ where: { endpointId, deletedAt: null }, select: { id: true }, orderBy: { id: 'asc' } });
  const failed: string[] = [];
  for (const { id } of rows) {
    try {
      await deleteTemporalSchedule(ctx, id);
    } catch (err) {
      ctx.logger.error({ err, scheduleId: id }, 'could not delete temporal schedule of deleted endpoint');
      failed.push(id);
    }
  }
  // Rows are marked deleted either way: a leftover Temporal Schedule's fires find them deleted and skip.
  await ctx.db.schedule.updateMany({ where: { endpointId, deletedAt: null }, data: { deletedAt: new Date() } });
  return { deleted: rows.map((r) => r.id), ...(failed.length ? { failed } : {}) };
}
