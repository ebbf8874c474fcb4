// A direct task run on an endpoint that orders by key: stored `pending` with the key's next sequence
// number (in one transaction, so the number is the accept order) together with a wake of the key's
// sequencer, which delivers it in turn instead of a workflow of its own.
import type { Prisma } from '../db/generated/client';
import { enqueueStart } from '../dispatch/enqueue-start';
import { QUEUED_REASON } from '../domain/node/ordering-key';
import type { DbDeps, HandoffDeps, Links } from './deps';
import { ORDERED_TRANSACTION, sequencerWake, takeOrderingSeq } from './ordered-runs';
import { taskRunView } from './task-run-view';

export async function createOrderedTaskRun(
  deps: DbDeps & HandoffDeps & Links,
  data: Prisma.TaskRunUncheckedCreateInput & { id: string },
  endpoint: { id: string; url: string },
  orderingKey: string,
) {
  const run = await deps.db.$transaction(async (tx) => {
    const orderingSeq = await takeOrderingSeq(tx, data.tenantId, orderingKey);
    const created = await tx.taskRun.create({ data: { ...data, orderingKey, orderingSeq, statusReason: QUEUED_REASON } });
    await enqueueStart(tx, deps.handoff.taskQueue, sequencerWake(endpoint, orderingKey));
    return created;
  }, ORDERED_TRANSACTION);
  deps.handoff.nudge();
  return taskRunView(deps, run);
}
