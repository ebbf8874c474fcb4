// A direct task run on an endpoint that orders by key: stored `pending` with the key's next sequence
// number (in one transaction, so the number is the accept order), then handed to the key's sequencer
// instead of a workflow of its own.
import type { Prisma } from '../db/generated/client';
import { temporalUnavailable } from '../domain/errors';
import { QUEUED_REASON } from '../domain/ordering-key';
import type { ServiceContext } from './context';
import { takeOrderingSeq, wakeKeySequencer } from './ordered-runs';
import { taskRunView } from './task-run-view';

export async function createOrderedTaskRun(
  ctx: ServiceContext,
  data: Prisma.TaskRunUncheckedCreateInput & { id: string },
  endpoint: { id: string; url: string },
  orderingKey: string,
) {
  const run = await ctx.db.$transaction(async (tx) => {
    const orderingSeq = await takeOrderingSeq(tx, orderingKey);
    return tx.taskRun.create({ data: { ...data, orderingKey, orderingSeq, statusReason: QUEUED_REASON } });
  });
  try {
    await wakeKeySequencer(ctx, { endpointId: endpoint.id, endpointUrl: endpoint.url, orderingKey });
  } catch (err) {
    // Nothing half-written: the run leaves a gap in the key's numbers, which the sequencer does not wait on.
    await ctx.db.taskRun.delete({ where: { id: data.id } });
    ctx.logger.error({ err, taskRunId: data.id }, 'could not wake the ordering key sequencer');
    throw temporalUnavailable((err as Error).message);
  }
  return taskRunView(ctx, run);
}
