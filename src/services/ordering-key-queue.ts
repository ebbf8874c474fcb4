// GET /v1/task-runs?orderingKey=…: a key's queue in delivery order (sequence number, then id, so a
// replay follows its original), oldest first, unlike other lists. Runs of the key that were not ordered
// (their endpoint does not order by key) come last, by id. Cursor = `<sequence>.<id>` of a page's last run,
// or its id alone when it has no sequence: a position that needs no lookup, so no well-formed one is refused.
import type { Pagination } from '../contracts/common';
import type { Prisma } from '../db/generated/client';
import type { DbDeps, Links } from './deps';
import { toPage } from './pagination';
import { taskRunView } from './task-run-view';

export interface KeyQueueFilter {
  orderingKey: string;
  endpointId?: string;
  status?: string;
}

const MAX_SEQUENCE = 2_147_483_647;

const cursorOf = (r: { id: string; orderingSeq: bigint | number | null }) => (r.orderingSeq === null ? r.id : `${r.orderingSeq}.${r.id}`);

function afterCursor(cursor: string): Prisma.TaskRunWhereInput {
  const dot = cursor.indexOf('.');
  const at = { id: cursor.slice(dot + 1), orderingSeq: dot < 0 ? null : Number(cursor.slice(0, dot)) };
  if (at.orderingSeq === null) return { orderingSeq: null, id: { gt: at.id } };
  // Past any sequence a run can hold (an int column): what follows is the unsequenced runs.
  if (at.orderingSeq > MAX_SEQUENCE) return { orderingSeq: null };
  return {
    OR: [
      { orderingSeq: { gt: at.orderingSeq } },
      { orderingSeq: at.orderingSeq, id: { gt: at.id } },
      { orderingSeq: null },
    ],
  };
}

export async function listKeyQueue(deps: DbDeps & Links, page: Pagination, f: KeyQueueFilter) {
  const where: Prisma.TaskRunWhereInput = {
    orderingKey: f.orderingKey,
    ...(f.endpointId ? { endpointId: f.endpointId } : {}),
    ...(f.status ? { status: f.status as Prisma.EnumTaskRunStatusFilter['equals'] } : {}),
  };
  const rows = await deps.db.taskRun.findMany({
    where: page.cursor ? { AND: [where, afterCursor(page.cursor)] } : where,
    orderBy: [{ orderingSeq: { sort: 'asc', nulls: 'last' } }, { id: 'asc' }],
    take: page.limit + 1,
  });
  return toPage(rows, page.limit, (r) => taskRunView(deps, r), cursorOf);
}
