// Direct task run use cases: create (now or later), read, list, cancel, list attempts.
import { WorkflowNotFoundError } from '@temporalio/client';
import type { Prisma } from '../db/generated/client';
import type { Pagination } from '../api/schemas/common';
import type { CreateTaskRunBody } from '../api/schemas/task-run';
import { conflict, referencedNotFound, taskRunNotFound, temporalUnavailable } from '../domain/errors';
import { newId } from '../domain/ids';
import { taskRunWorkflowId } from '../domain/workflow-ids';
import type { ServiceContext } from './context';
import { findLiveEndpoint } from './endpoints';
import { pageQuery, toPage } from './pagination';
import { resolveRetryPolicy } from './resolve-retry-policy';
import { startTaskRunWorkflow } from './start-task-run';
import { createOrderedTaskRun } from './create-ordered-task-run';
import { isOrdered } from './ordered-runs';
import { attemptView, taskRunView } from './task-run-view';
import { listKeyQueue } from './ordering-key-queue';

const CANCELLABLE = ['pending', 'retry_scheduled'] as const;

async function endpointForNewRun(ctx: ServiceContext, endpointId: string) {
  try {
    const endpoint = await findLiveEndpoint(ctx, endpointId);
    if (endpoint.status !== 'active') {
      throw conflict('Endpoint not active', `Endpoint ${endpointId} is ${endpoint.status}; resume it before sending to it.`);
    }
    return endpoint;
  } catch (err) {
    if ((err as { kind?: string }).kind === 'not_found') throw referencedNotFound('endpointId', 'Endpoint', endpointId);
    throw err;
  }
}

export async function createTaskRun(ctx: ServiceContext, body: CreateTaskRunBody, now = new Date()) {
  const endpoint = await endpointForNewRun(ctx, body.endpointId);
  const runAt = body.runAt ? new Date(body.runAt) : new Date(now.getTime() + (body.delayMs ?? 0));
  const delayMs = Math.max(0, runAt.getTime() - now.getTime());
  const retry = await resolveRetryPolicy(ctx, endpoint.retryPolicyId);
  const id = newId('taskRun');
  const workflowId = taskRunWorkflowId(id);
  const data = {
    id,
    endpointId: endpoint.id,
    trigger: 'api' as const,
    payload: body.payload as Prisma.InputJsonValue,
    webhookId: newId('message'),
    runAt,
    workflowId,
    orderingKey: body.orderingKey ?? null,
  };
  const orderingKey = body.orderingKey;
  if (isOrdered(endpoint, orderingKey)) return createOrderedTaskRun(ctx, data, endpoint, orderingKey);
  const run = await ctx.db.taskRun.create({ data });
  try {
    await startTaskRunWorkflow(ctx, {
      workflowId,
      input: { taskRunId: id, endpointId: endpoint.id, delayMs, retry, timeoutMs: endpoint.timeoutMs },
      trigger: 'api',
      endpointUrl: endpoint.url,
      payloadBytes: Buffer.byteLength(JSON.stringify(body.payload)),
    });
  } catch (err) {
    // Nothing half-written: a run whose workflow never started is removed, and the caller told.
    await ctx.db.taskRun.delete({ where: { id } });
    ctx.logger.error({ err, taskRunId: id }, 'could not start task run workflow');
    throw temporalUnavailable((err as Error).message);
  }
  return taskRunView(ctx, run);
}

async function findTaskRun(ctx: ServiceContext, id: string) {
  const run = await ctx.db.taskRun.findUnique({ where: { id } });
  if (!run) throw taskRunNotFound(id);
  return run;
}

export async function getTaskRun(ctx: ServiceContext, id: string) {
  return taskRunView(ctx, await findTaskRun(ctx, id));
}

export async function listTaskRuns(
  ctx: ServiceContext,
  page: Pagination,
  filter: { endpointId?: string; status?: (typeof CANCELLABLE)[number] | string; orderingKey?: string },
) {
  if (filter.orderingKey) return listKeyQueue(ctx, page, { ...filter, orderingKey: filter.orderingKey });
  const where = {
    ...(filter.endpointId ? { endpointId: filter.endpointId } : {}),
    ...(filter.status ? { status: filter.status as Prisma.EnumTaskRunStatusFilter['equals'] } : {}),
  };
  const rows = await ctx.db.taskRun.findMany(pageQuery(page, where));
  return toPage(rows, page.limit, (r) => taskRunView(ctx, r));
}

/** Cancels a run that is waiting (for its time or for a retry). The database update is the gate. */
export async function cancelTaskRun(ctx: ServiceContext, id: string) {
  const run = await findTaskRun(ctx, id);
  const updated = await ctx.db.taskRun.updateMany({
    where: { id, status: { in: [...CANCELLABLE] } },
    data: { status: 'cancelled', statusReason: 'cancelled by API', finishedAt: new Date(), nextAttemptAt: null },
  });
  if (updated.count === 0) {
    const current = await findTaskRun(ctx, id);
    const why = current.status === 'running' ? 'an attempt is in flight; cancel it once the attempt ends' : `it is already ${current.status}`;
    throw conflict('Task run not cancellable', `Task run ${id} cannot be cancelled: ${why}.`);
  }
  try {
    await ctx.temporal.workflow.getHandle(run.workflowId).cancel();
  } catch (err) {
    // The ledger already says cancelled and the delivery activity honours it; log and go on.
    // (An ordered run whose turn has not come has no workflow yet: its sequencer skips it.)
    if (!(err instanceof WorkflowNotFoundError && run.orderingSeq !== null)) ctx.logger.warn({ err, taskRunId: id }, 'workflow cancel request failed');
  }
  return getTaskRun(ctx, id);
}

export async function listAttempts(ctx: ServiceContext, id: string) {
  await findTaskRun(ctx, id);
  const rows = await ctx.db.deliveryAttempt.findMany({ where: { taskRunId: id }, orderBy: { attemptNumber: 'asc' } });
  return { data: rows.map(attemptView), nextCursor: null };
}
