// Retry Jobs: task runs waiting for their next attempt, soonest first. The cursor is the
// (nextAttemptAt, id) of the last row, so pages stay stable while new retries are scheduled.
import type { ListRetryJobsQuery } from '../contracts/retry-job';
import type { TaskRun } from '../db/generated/client';
import { temporalUiUrl } from '../domain/workflow-ids';
import type { DbDeps, Links } from './deps';

/** `<nextAttemptAt ms>.<id>`: the query schema checks its shape, and every well-formed one is a position. */
function encodeCursor(r: TaskRun): string {
  return `${r.nextAttemptAt!.getTime()}.${r.id}`;
}

function decodeCursor(cursor: string): { at: Date; id: string } {
  const dot = cursor.indexOf('.');
  return { at: new Date(Number(cursor.slice(0, dot))), id: cursor.slice(dot + 1) };
}

function retryJobView(links: Links, r: TaskRun) {
  return {
    taskRunId: r.id,
    endpointId: r.endpointId,
    tenantId: r.tenantId,
    /** The number the next HTTP call will carry. */
    nextAttemptNumber: r.attemptCount + 1,
    attemptCount: r.attemptCount,
    nextAttemptAt: r.nextAttemptAt!.toISOString(),
    lastFailure: r.statusReason,
    webhookId: r.webhookId,
    workflowId: r.workflowId,
    temporalUrl: temporalUiUrl(links.temporalUiUrl, links.namespace, r.workflowId),
  };
}

export async function listRetryJobs(deps: DbDeps & Links, q: ListRetryJobsQuery) {
  const after = q.cursor ? decodeCursor(q.cursor) : undefined;
  const rows = await deps.db.taskRun.findMany({
    where: {
      status: 'retry_scheduled',
      nextAttemptAt: { not: null },
      ...(q.endpointId ? { endpointId: q.endpointId } : {}),
      ...(q.tenantId ? { tenantId: q.tenantId } : {}),
      ...(after ? { OR: [{ nextAttemptAt: { gt: after.at } }, { nextAttemptAt: after.at, id: { gt: after.id } }] } : {}),
    },
    orderBy: [{ nextAttemptAt: 'asc' }, { id: 'asc' }],
    take: q.limit + 1,
  });
  const page = rows.slice(0, q.limit);
  return {
    data: page.map((r) => retryJobView(deps, r)),
    nextCursor: rows.length > q.limit ? encodeCursor(page[page.length - 1]) : null,
  };
}
