// GET /v1/task-runs?orderingKey=…: a key's queue in delivery order (sequence number, then id, so a
// replay follows its original), oldest first, unlike other lists. Runs of the key that were not ordered
// (their endpoint does not order by key) come last, by id. Cursor = the last run id of a page.
import type { Pagination } from '../api/schemas/common';
import type { Prisma } from '../db/generated/client';
import { invalidField } from '../domain/errors';
import type { ServiceContext } from './context';
import { toPage } from './pagination';
import { taskRunView } from './task-run-view';

export interface KeyQueueFilter {
  orderingKey: string;
  endpointId?: string;
  status?: string;
}

async function afterCursor(ctx: ServiceContext, cursor: string): Promise<Prisma.TaskRunWhereInput> {
  const at = await ctx.db.taskRun.findUnique({ where: { id: cursor }, select: { id: true, orderingSeq: true } });
  if (!at) throw invalidField('cursor', 'not a cursor of this list');
  if (at.orderingSeq === null) return { orderingSeq: null, id: { gt: at.id } };
  return {
    OR: [
      { orderingSeq: { gt: at.orderingSeq } },
      { orderingSeq: at.orderingSeq, id: { gt: at.id } },
      { orderingSeq: null },
    ],
  };
}

export async function listKeyQueue(ctx: ServiceContext, page: Pagination, f: KeyQueueFilter) {
  const where: Prisma.TaskRunWhereInput = {
    orderingKey: f.orderingKey,
    ...(f.endpointId ? { endpointId: f.endpointId } : {}),
    ...(f.status ? { status: f.status as Prisma.EnumTaskRunStatusFilter['equals'] } : {}),
  };
  const rows = await ctx.db.taskRun.findMany({
    where: page.cursor ? { AND: [where, await afterCursor(ctx, page.cursor)] } : where,
    orderBy: [{ orderingSeq: { sort: 'asc', nulls: 'last' } }, { id: 'asc' }],
    take: page.limit + 1,
  });
  return toPage(rows, page.limit, (r) => taskRunView(ctx, r));
}
