// The API shape of a schedule. `get` adds what only Temporal knows: the next fire times and recent fires.
import type { ScheduleDescription } from '@temporalio/client';
import type { Endpoint, Schedule } from '../db/generated/client';
import type { ServiceContext } from './context';
import { temporalScheduleId } from './schedule-temporal';
import { isoOrNull } from './iso-time';


/** How many upcoming fire times `get` shows. */
export const NEXT_FIRE_TIMES = 5;

export type ScheduleState = 'active' | 'paused' | 'endpoint_paused' | 'completed';

export function scheduleState(row: Schedule, endpoint: Endpoint, now: Date, described?: ScheduleDescription | null): ScheduleState {
  const oneShotDone = described ? described.state.remainingActions === 0 : !!row.runAt && row.runAt <= now;
  if (oneShotDone || (row.endAt && row.endAt <= now)) return 'completed';
  if (row.paused) return 'paused';
  if (endpoint.status !== 'active') return 'endpoint_paused';
  return 'active';
}

function temporalLinks(ctx: Pick<ServiceContext, 'temporalUiUrl' | 'namespace'>, scheduleId: string) {
  const base = `${ctx.temporalUiUrl.replace(/\/+$/, '')}/namespaces/${encodeURIComponent(ctx.namespace)}`;
  const query = `EdgeCronScheduleId="${scheduleId}"`;
  return {
    temporalScheduleId: temporalScheduleId(scheduleId),
    temporalUrl: `${base}/schedules/${encodeURIComponent(temporalScheduleId(scheduleId))}`,
    /** The Web UI's workflow list filtered to this schedule's fires and their task runs. */
    temporalRunsUrl: `${base}/workflows?query=${encodeURIComponent(query)}`,
  };
}

export function scheduleView(
  ctx: Pick<ServiceContext, 'temporalUiUrl' | 'namespace'>,
  row: Schedule,
  endpoint: Endpoint,
  described?: ScheduleDescription | null,
  now = new Date(),
) {
  return {
    id: row.id,
    endpointId: row.endpointId,
    kind: row.cron ? ('cron' as const) : ('once' as const),
    cron: row.cron,
    timezone: row.timezone,
    runAt: isoOrNull(row.runAt),
    payload: row.payload,
    overlapPolicy: row.overlapPolicy,
    catchupWindowMs: row.catchupWindowMs,
    jitterMs: row.jitterMs,
    startAt: isoOrNull(row.startAt),
    endAt: isoOrNull(row.endAt),
    paused: row.paused,
    note: row.note,
    state: scheduleState(row, endpoint, now, described),
    ...(described
      ? {
          nextFireTimes: described.info.nextActionTimes.slice(0, NEXT_FIRE_TIMES).map((d) => d.toISOString()),
          actionsTaken: described.info.numActionsTaken,
          recentFires: described.info.recentActions.map((a) => ({
            scheduledAt: a.scheduledAt.toISOString(),
            takenAt: a.takenAt.toISOString(),
            workflowId: a.action.workflow.workflowId,
          })),
        }
      : {}),
    ...temporalLinks(ctx, row.id),
    createdAt: row.createdAt.toISOString(),
    updatedAt: row.updatedAt.toISOString(),
  };
}
