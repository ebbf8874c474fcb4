// Schedule use cases: create, read, list, change, delete. Each schedule is one row (the user's settings)
// plus one Temporal Schedule (the timing). Every change writes the row in a transaction, tells Temporal
// within a deadline inside it, and commits only when Temporal took it: a Temporal that is down or frozen
// means 503 + Retry-After and neither side changed. The row lock also keeps concurrent changes of one
// schedule in the same order in both places. Reads answer from the row when Temporal does not.
import type { Endpoint, Prisma, Schedule } from '../db/generated/client';
import type { Pagination } from '../contracts/common';
import type { CreateScheduleBody, UpdateScheduleBody } from '../contracts/schedule';
import { alreadyPast, notFound } from '../domain/errors';
import { newId } from '../domain/node/ids';
import type { DbDeps, Links, StarterDeps, TemporalDeps } from './deps';
import { referencedEndpoint } from './endpoints';
import { pageQuery, toPage } from './pagination';
import {
  createTemporalSchedule,
  deleteTemporalSchedule,
  describeWithinBudget,
  updateTemporalSchedule,
} from './schedule-temporal';
import { scheduleView } from './schedule-view';
import { temporalScheduleWrite } from './temporal-deadline';

/** A schedule write: the row, Temporal (its Schedule starts fires on the task queue), and the view's links. */
type ScheduleWriteDeps = DbDeps & TemporalDeps & StarterDeps & Links;

export const scheduleNotFound = (id: string) => notFound('Schedule', id);

export async function findLiveSchedule(deps: DbDeps, id: string): Promise<Schedule & { endpoint: Endpoint }> {
  const row = await deps.db.schedule.findFirst({ where: { id, deletedAt: null }, include: { endpoint: true } });
  if (!row) throw scheduleNotFound(id);
  return row;
}

/** Temporal calendars fire on whole seconds: a one-shot fires at its time rounded up to the second. */
function oneShotTime(runAt: string, now: Date): Date {
  const at = new Date(Math.ceil(new Date(runAt).getTime() / 1000) * 1000);
  if (at <= now) throw alreadyPast('runAt');
  return at;
}

function futureEnd(endAt: string | null | undefined, now: Date): Date | null | undefined {
  if (endAt === undefined || endAt === null) return endAt;
  const at = new Date(endAt);
  if (at <= now) throw alreadyPast('endAt');
  return at;
}

const toDate = (v: string | null | undefined) => (v === undefined ? undefined : v === null ? null : new Date(v));

export async function createSchedule(deps: ScheduleWriteDeps, body: CreateScheduleBody, now = new Date()) {
  const endpoint = await referencedEndpoint(deps, body.endpointId);
  const runAt = body.runAt ? oneShotTime(body.runAt, now) : null;
  const endAt = futureEnd(body.endAt, now) ?? null;
  const row = await deps.db.$transaction(async (tx) => {
    const created = await tx.schedule.create({
      data: {
        id: newId('schedule'),
        endpointId: endpoint.id,
        tenantId: endpoint.tenantId,
        cron: body.cron?.trim() ?? null,
        timezone: body.timezone,
        runAt,
        payload: body.payload as Prisma.InputJsonValue,
        overlapPolicy: body.overlapPolicy,
        catchupWindowMs: body.catchupWindowMs,
        jitterMs: body.jitterMs,
        startAt: toDate(body.startAt) ?? null,
        endAt,
        paused: body.paused,
        note: body.note ?? null,
      },
    });
    // Committed only if Temporal took it: no row without its Temporal Schedule.
    await temporalScheduleWrite(deps, 'new schedule', () => createTemporalSchedule(deps, created, endpoint));
    return created;
  });
  return scheduleView(deps, row, endpoint, await describeWithinBudget(deps, row.id), now);
}

export async function getSchedule(deps: DbDeps & TemporalDeps & Links, id: string) {
  const row = await findLiveSchedule(deps, id);
  return scheduleView(deps, row, row.endpoint, await describeWithinBudget(deps, id));
}

export async function listSchedules(deps: DbDeps & Links, page: Pagination, filter: { endpointId?: string; tenantId?: string }) {
  const where = {
    deletedAt: null,
    ...(filter.endpointId ? { endpointId: filter.endpointId } : {}),
    ...(filter.tenantId ? { tenantId: filter.tenantId } : {}),
  };
  const rows = await deps.db.schedule.findMany({ ...pageQuery(page, where), include: { endpoint: true } });
  const now = new Date();
  return toPage(rows, page.limit, (r) => scheduleView(deps, r, r.endpoint, undefined, now));
}

export async function updateSchedule(deps: ScheduleWriteDeps, id: string, body: UpdateScheduleBody, now = new Date()) {
  const current = await findLiveSchedule(deps, id);
  const endpoint = body.endpointId && body.endpointId !== current.endpointId
    ? await referencedEndpoint(deps, body.endpointId)
    : current.endpoint;
  const data = {
    ...(body.endpointId !== undefined ? { endpointId: endpoint.id, tenantId: endpoint.tenantId } : {}),
    // Giving a cron turns a one-shot into a repeating schedule, and runAt the other way round.
    ...(body.cron !== undefined ? { cron: body.cron.trim(), runAt: null } : {}),
    ...(body.runAt !== undefined ? { runAt: oneShotTime(body.runAt, now), cron: null } : {}),
    ...(body.timezone !== undefined ? { timezone: body.timezone } : {}),
    ...(body.payload !== undefined ? { payload: body.payload as Prisma.InputJsonValue } : {}),
    ...(body.overlapPolicy !== undefined ? { overlapPolicy: body.overlapPolicy } : {}),
    ...(body.catchupWindowMs !== undefined ? { catchupWindowMs: body.catchupWindowMs } : {}),
    ...(body.jitterMs !== undefined ? { jitterMs: body.jitterMs } : {}),
    ...(body.startAt !== undefined ? { startAt: toDate(body.startAt) } : {}),
    ...(body.endAt !== undefined ? { endAt: futureEnd(body.endAt, now) } : {}),
  };
  const row = await deps.db.$transaction(async (tx) => {
    // The updated row (locked until commit) is what Temporal gets, so both hold the same definition.
    const updated = await tx.schedule.update({ where: { id }, data });
    await temporalScheduleWrite(deps, 'schedule change', () => updateTemporalSchedule(deps, updated, endpoint, body.runAt !== undefined));
    return updated;
  });
  return scheduleView(deps, row, endpoint, await describeWithinBudget(deps, id), now);
}

/** Soft delete: the Temporal Schedule goes, the row stays so past runs still name their schedule. */
export async function deleteSchedule(deps: DbDeps & TemporalDeps, id: string): Promise<void> {
  await findLiveSchedule(deps, id);
  await deps.db.$transaction(async (tx) => {
    await tx.schedule.update({ where: { id }, data: { deletedAt: new Date() } });
    await temporalScheduleWrite(deps, 'schedule delete', () => deleteTemporalSchedule(deps, id));
  });
}
