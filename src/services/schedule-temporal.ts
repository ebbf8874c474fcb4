// A Schedule row as a Temporal Schedule, and the few calls that keep the two in step. The Temporal
// Schedule holds the timing; each fire starts scheduledFireWorkflow, which reads the row.
import {
  ScheduleNotFoundError,
  ScheduleOverlapPolicy,
  type ScheduleDescription,
  type ScheduleOptions,
  type ScheduleOptionsStartWorkflowAction,
  type ScheduleUpdateOptions,
} from '@temporalio/client';
import type { Endpoint, Schedule } from '../db/generated/client';
import { parseCron } from '../domain/cron';
import type { ScheduledFireInput } from '../workflow-contracts/scheduled-fire-input';
import { scheduleWorkflowId } from '../domain/workflow-ids';
import { SEARCH_ATTRIBUTES, tenantSearchAttribute } from '../temporal/search-attributes';
import { temporalScheduleSpec } from '../temporal/schedule-spec';
import { setTemporalPaused } from '../temporal/schedule-pause';

export { setTemporalPaused };
import type { StarterDeps, TemporalDeps } from './deps';
import { withTemporalBudget } from '../temporal/deadline';
import { TEMPORAL_READ_BUDGET_MS } from './temporal-deadline';

const OVERLAP: Record<string, ScheduleOverlapPolicy> = {
  skip: ScheduleOverlapPolicy.SKIP,
  buffer_one: ScheduleOverlapPolicy.BUFFER_ONE,
  allow_all: ScheduleOverlapPolicy.ALLOW_ALL,
};

/** The Temporal Schedule id; also the workflow id prefix of each fire (Temporal appends the time). */
export const temporalScheduleId = (scheduleId: string) => scheduleWorkflowId(scheduleId);

/** Fires are held while the user paused the schedule or its endpoint is not active. */
export function temporalPauseState(row: Schedule, endpoint: Endpoint): { paused: boolean; note?: string } {
  if (row.paused) return { paused: true, note: row.note ?? 'paused by API' };
  if (endpoint.status !== 'active') return { paused: true, note: `endpoint ${endpoint.id} is ${endpoint.status}` };
  return { paused: false, note: row.note ?? undefined };
}

function action(deps: Pick<StarterDeps, 'taskQueue'>, row: Schedule): ScheduleOptionsStartWorkflowAction<any> {
  const input: ScheduledFireInput = { scheduleId: row.id };
  return {
    type: 'startWorkflow',
    workflowType: 'scheduledFireWorkflow',
    workflowId: scheduleWorkflowId(row.id),
    taskQueue: deps.taskQueue,
    args: [input],
    typedSearchAttributes: [
      { key: SEARCH_ATTRIBUTES.scheduleId, value: row.id },
      { key: SEARCH_ATTRIBUTES.endpointId, value: row.endpointId },
      { key: SEARCH_ATTRIBUTES.trigger, value: 'schedule' },
      ...tenantSearchAttribute(row.tenantId),
    ],
  };
}

function definition(deps: Pick<StarterDeps, 'taskQueue'>, row: Schedule, endpoint: Endpoint) {
  const cron = row.cron ? parseCron(row.cron) : null;
  if (cron && !cron.ok) throw new Error(`stored cron of ${row.id} does not parse: ${cron.error}`);
  return {
    spec: temporalScheduleSpec({
      cron: cron?.spec ?? null,
      runAt: row.runAt,
      timezone: row.timezone,
      jitterMs: row.jitterMs,
      startAt: row.startAt,
      endAt: row.endAt,
    }),
    action: action(deps, row),
    policies: { overlap: OVERLAP[row.overlapPolicy] ?? ScheduleOverlapPolicy.SKIP, catchupWindow: Number(row.catchupWindowMs) },
    typedSearchAttributes: [
      { key: SEARCH_ATTRIBUTES.scheduleId, value: row.id },
      { key: SEARCH_ATTRIBUTES.endpointId, value: row.endpointId },
    ],
    // A one-shot takes one action, then the Temporal Schedule stays as a record with nothing left to do.
    state: { ...temporalPauseState(row, endpoint), ...(row.runAt ? { remainingActions: 1 } : {}) },
  };
}

export async function createTemporalSchedule(deps: StarterDeps, row: Schedule, endpoint: Endpoint): Promise<void> {
  const options: ScheduleOptions = { scheduleId: temporalScheduleId(row.id), ...definition(deps, row, endpoint) };
  await deps.temporal.schedule.create(options);
}

/** Replaces the whole definition with the row's; `rearm` gives a one-shot its single action back. */
export async function updateTemporalSchedule(deps: StarterDeps, row: Schedule, endpoint: Endpoint, rearm: boolean) {
  const next = definition(deps, row, endpoint);
  await deps.temporal.schedule.getHandle(temporalScheduleId(row.id)).update((previous): ScheduleUpdateOptions => {
    const remainingActions = row.runAt ? (rearm ? 1 : previous.state.remainingActions) : undefined;
    return { ...next, state: { ...next.state, remainingActions } };
  });
}

/** Deleting a schedule Temporal no longer has is already done. */
export async function deleteTemporalSchedule(deps: Pick<TemporalDeps, 'temporal'>, scheduleId: string): Promise<void> {
  try {
    await deps.temporal.schedule.getHandle(temporalScheduleId(scheduleId)).delete();
  } catch (err) {
    if (!(err instanceof ScheduleNotFoundError)) throw err;
  }
}

export async function describeTemporalSchedule(deps: Pick<TemporalDeps, 'temporal'>, scheduleId: string): Promise<ScheduleDescription | null> {
  try {
    return await deps.temporal.schedule.getHandle(temporalScheduleId(scheduleId)).describe();
  } catch (err) {
    if (err instanceof ScheduleNotFoundError) return null;
    throw err;
  }
}

export async function triggerTemporalSchedule(deps: Pick<TemporalDeps, 'temporal'>, scheduleId: string): Promise<void> {
  // ALLOW_ALL: "now" means now, even while an earlier fire is still delivering.
  await deps.temporal.schedule.getHandle(temporalScheduleId(scheduleId)).trigger(ScheduleOverlapPolicy.ALLOW_ALL);
}

/** Temporal's description within the read budget; undefined when it did not answer (the view computes instead). */
export async function describeWithinBudget(deps: TemporalDeps, scheduleId: string): Promise<ScheduleDescription | null | undefined> {
  try {
    return await withTemporalBudget(deps, TEMPORAL_READ_BUDGET_MS, () => describeTemporalSchedule(deps, scheduleId));
  } catch (err) {
    deps.logger.warn({ err: (err as Error).message, scheduleId }, 'temporal schedule describe failed; next fire times computed');
    return undefined;
  }
}
