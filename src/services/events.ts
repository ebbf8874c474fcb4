// Reading events: one with its task runs and their statuses, a filtered list, the runs of one event.
import type { Prisma } from '../db/generated/client';
import type { Pagination } from '../contracts/common';
import type { ListEventsQuery } from '../contracts/event';
import { notFound } from '../domain/errors';
import type { DbDeps, Links } from './deps';
import { eventTaskRunView, eventView } from './event-view';
import { pageQuery, toPage } from './pagination';

/** Runs embedded in GET /v1/events/:id; the rest via /v1/events/:id/task-runs. */
const EMBEDDED_RUNS = 100;

async function findEvent(deps: DbDeps, id: string) {
  const event = await deps.db.event.findUnique({ where: { id } });
  if (!event) throw notFound('Event', id);
  return event;
}

export async function listEventTaskRuns(deps: DbDeps & Links, eventId: string, page: Pagination) {
  await findEvent(deps, eventId);
  const rows = await deps.db.taskRun.findMany(pageQuery(page, { eventId }));
  return toPage(rows, page.limit, (r) => eventTaskRunView(deps, r));
}

export async function getEvent(deps: DbDeps & Links, id: string) {
  const event = await findEvent(deps, id);
  const [byStatus, taskRuns] = await Promise.all([
    deps.db.taskRun.groupBy({ by: ['status'], where: { eventId: id }, _count: { _all: true } }),
    listEventTaskRuns(deps, id, { limit: EMBEDDED_RUNS }),
  ]);
  const taskRunCounts = Object.fromEntries(byStatus.map((g) => [g.status, g._count._all]));
  return { ...eventView(deps, event), taskRunCounts, taskRuns };
}

function typeWhere(type: string | undefined): Prisma.EventWhereInput {
  if (!type || type === '*') return {};
  if (type.endsWith('.*')) return { type: { startsWith: type.slice(0, -1) } };
  return { type };
}

export async function listEvents(deps: DbDeps & Links, page: Pagination, q: ListEventsQuery) {
  const where: Prisma.EventWhereInput = {
    ...typeWhere(q.type),
    ...(q.tenantId ? { tenantId: q.tenantId } : {}),
    ...(q.sourceId ? { sourceId: q.sourceId } : {}),
    ...(q.from || q.to ? { createdAt: { ...(q.from ? { gte: new Date(q.from) } : {}), ...(q.to ? { lte: new Date(q.to) } : {}) } } : {}),
  };
  const rows = await deps.db.event.findMany(pageQuery(page, where));
  return toPage(rows, page.limit, (e) => eventView(deps, e));
}
