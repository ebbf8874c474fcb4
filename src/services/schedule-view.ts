// The API shape of a schedule. Next fire times come from Temporal when it answered (with jitter applied,
// and the recent fires only it knows), otherwise they are computed from the row (nominal times), and
// `nextFireTimesSource` says which: a schedule view never needs Temporal to be up.
import type { ScheduleDescription } from '@temporalio/client';
import type { Endpoint, Schedule } from '../db/generated/client';
import { parseCron } from '../domain/cron';
import { nextFireTimes } from '../domain/next-fire-times';
import type { Links } from './deps';
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

function temporalLinks(links: Links, scheduleId: string) {
  const base = `${links.temporalUiUrl.replace(/\/+$/, '')}/namespaces/${encodeURIComponent(links.namespace)}`;
  const query = `EdgeCronScheduleId="${scheduleId}"`;
  return {
    temporalScheduleId: temporalScheduleId(scheduleId),
    temporalUrl: `${base}/schedules/${encodeURIComponent(temporalScheduleId(scheduleId))}`,
    /** The Web UI's workflow list filtered to this schedule's fires and their task runs. */
    temporalRunsUrl: `${base}/workflows?query=${encodeURIComponent(query)}`,
  };
}

function computedFireTimes(row: Schedule, now: Date): string[] {
  const cron = row.cron ? parseCron(row.cron) : null;
  if (cron && !cron.ok) return [];
  const timing = { cron: cron?.spec ?? null, runAt: row.runAt, timezone: row.timezone, startAt: row.startAt, endAt: row.endAt };
  return nextFireTimes(timing, now, NEXT_FIRE_TIMES).map((d) => d.toISOString());
}

/** From Temporal's description when there is one; computed when Temporal was not asked or did not answer. */
function fireTimes(row: Schedule, now: Date, described: ScheduleDescription | null | undefined) {
  if (described === null) return {}; // Temporal answered that it has no such schedule: nothing will fire
  if (!described) return { nextFireTimes: computedFireTimes(row, now), nextFireTimesSource: 'computed' as const };
  return {
    nextFireTimes: described.info.nextActionTimes.slice(0, NEXT_FIRE_TIMES).map((d) => d.toISOString()),
    nextFireTimesSource: 'temporal' as const,
    actionsTaken: described.info.numActionsTaken,
    recentFires: described.info.recentActions.map((a) => ({
      scheduledAt: a.scheduledAt.toISOString(),
      takenAt: a.takenAt.toISOString(),
      workflowId: a.action.workflow.workflowId,
    })),
  };
}

/** `described`: Temporal's answer; null when it has no such schedule; undefined when not asked or unreachable. */
export function scheduleView(
  links: Links,
  row: Schedule,
  endpoint: Endpoint,
  described?: ScheduleDescription | null,
  now = new Date(),
) {
  return {
    id: row.id,
    endpointId: row.endpointId,
    tenantId: row.tenantId,
    kind: row.cron ? ('cron' as const) : ('once' as const),
    cron: row.cron,
    timezone: row.timezone,
    runAt: isoOrNull(row.runAt),
    payload: row.payload,
    overlapPolicy: row.overlapPolicy,
    catchupWindowMs: Number(row.catchupWindowMs),
    jitterMs: row.jitterMs,
    startAt: isoOrNull(row.startAt),
    endAt: isoOrNull(row.endAt),
    paused: row.paused,
    note: row.note,
    state: scheduleState(row, endpoint, now, described),
    ...fireTimes(row, now, described),
    ...temporalLinks(links, row.id),
    createdAt: row.createdAt.toISOString(),
    updatedAt: row.updatedAt.toISOString(),
  };
}
