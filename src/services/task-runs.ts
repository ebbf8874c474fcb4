// Direct task run use cases: create (now or later), read, list, cancel, list attempts.
import { WorkflowNotFoundError } from '@temporalio/client';
import type { Prisma } from '../db/generated/client';
import type { Pagination } from '../contracts/common';
import type { CreateTaskRunBody } from '../contracts/task-run';
import { conflict, taskRunNotFound } from '../domain/errors';
import { newId } from '../domain/node/ids';
import { taskRunWorkflowId } from '../domain/workflow-ids';
import type { DbDeps, HandoffDeps, Links, TemporalDeps } from './deps';
import { referencedEndpoint } from './endpoints';
import { pageQuery, toPage } from './pagination';
import { resolveRetryPolicy } from './resolve-retry-policy';
import { assertBacklogRoom } from '../dispatch/handoff';
import { taskRunStart } from '../dispatch/start-request';
import { createOrderedTaskRun } from './create-ordered-task-run';
import { insertTaskRunWithStart } from './insert-task-run';
import { isOrdered } from './ordered-runs';
import { attemptView, taskRunView } from './task-run-view';
import { withTemporalBudget } from '../temporal/deadline';
import { TEMPORAL_WRITE_BUDGET_MS } from './temporal-deadline';
import { listKeyQueue } from './ordering-key-queue';

const CANCELLABLE = ['pending', 'retry_scheduled'] as const;

async function endpointForNewRun(deps: DbDeps, endpointId: string) {
  const endpoint = await referencedEndpoint(deps, endpointId);
  // A paused endpoint holds its runs until it is resumed; a disabled one takes none.
  if (endpoint.status === 'disabled') {
    throw conflict('Endpoint disabled', `Endpoint ${endpointId} is disabled; resume it before sending to it.`);
  }
  return endpoint;
}

export async function createTaskRun(deps: DbDeps & HandoffDeps & Links, body: CreateTaskRunBody, now = new Date()) {
  assertBacklogRoom(deps.handoff);
  const endpoint = await endpointForNewRun(deps, body.endpointId);
  const runAt = body.runAt ? new Date(body.runAt) : new Date(now.getTime() + (body.delayMs ?? 0));
  const retry = await resolveRetryPolicy(deps, endpoint.retryPolicyId);
  const id = newId('taskRun');
  const data = {
    id,
    endpointId: endpoint.id,
    trigger: 'api' as const,
    payload: body.payload as Prisma.InputJsonValue,
    webhookId: newId('message'),
    runAt,
    workflowId: taskRunWorkflowId(id),
    orderingKey: body.orderingKey ?? null,
    tenantId: endpoint.tenantId,
  };
  const orderingKey = body.orderingKey;
  if (isOrdered(endpoint, orderingKey)) return createOrderedTaskRun(deps, data, endpoint, orderingKey);
  // The run and its start commit together; the dispatcher starts the workflow (never the request).
  const start = taskRunStart({ run: data, endpoint, retry, trigger: 'api' });
  const run = await insertTaskRunWithStart(deps.db, data, deps.handoff.taskQueue, start);
  deps.handoff.nudge();
  return taskRunView(deps, run);
}

async function findTaskRun(deps: DbDeps, id: string) {
  const run = await deps.db.taskRun.findUnique({ where: { id } });
  if (!run) throw taskRunNotFound(id);
  return run;
}

export async function getTaskRun(deps: DbDeps & Links, id: string) {
  return taskRunView(deps, await findTaskRun(deps, id));
}

export async function listTaskRuns(
  deps: DbDeps & Links,
  page: Pagination,
  filter: { endpointId?: string; tenantId?: string; status?: (typeof CANCELLABLE)[number] | string; orderingKey?: string },
) {
  if (filter.orderingKey) return listKeyQueue(deps, page, { ...filter, orderingKey: filter.orderingKey });
  const where = {
    ...(filter.endpointId ? { endpointId: filter.endpointId } : {}),
    ...(filter.tenantId ? { tenantId: filter.tenantId } : {}),
    ...(filter.status ? { status: filter.status as Prisma.EnumTaskRunStatusFilter['equals'] } : {}),
  };
  const rows = await deps.db.taskRun.findMany(pageQuery(page, where));
  return toPage(rows, page.limit, (r) => taskRunView(deps, r));
}

/** Cancels a run that is waiting (for its time or for a retry). The database update is the gate. */
export async function cancelTaskRun(deps: DbDeps & TemporalDeps & Links, id: string) {
  const run = await findTaskRun(deps, id);
  const updated = await deps.db.taskRun.updateMany({
    where: { id, status: { in: [...CANCELLABLE] } },
    data: { status: 'cancelled', statusReason: 'cancelled by API', finishedAt: new Date(), nextAttemptAt: null },
  });
  if (updated.count === 0) {
    const current = await findTaskRun(deps, id);
    const why = current.status === 'running' ? 'an attempt is in flight; cancel it once the attempt ends' : `it is already ${current.status}`;
    throw conflict('Task run not cancellable', `Task run ${id} cannot be cancelled: ${why}.`);
  }
  try {
    // Bounded: with Temporal away the ledger's `cancelled` already stops the delivery (its claim checks it).
    await withTemporalBudget(deps, TEMPORAL_WRITE_BUDGET_MS, () => deps.temporal.workflow.getHandle(run.workflowId).cancel());
  } catch (err) {
    // The ledger already says cancelled and the delivery activity honours it; log and go on.
    // (An ordered run whose turn has not come has no workflow yet: its sequencer skips it.)
    if (!(err instanceof WorkflowNotFoundError && run.orderingSeq !== null)) deps.logger.warn({ err, taskRunId: id }, 'workflow cancel request failed');
  }
  return getTaskRun(deps, id);
}

export async function listAttempts(deps: DbDeps, id: string) {
  await findTaskRun(deps, id);
  const rows = await deps.db.deliveryAttempt.findMany({ where: { taskRunId: id }, orderBy: { attemptNumber: 'asc' } });
  return { data: rows.map(attemptView), nextCursor: null };
}
