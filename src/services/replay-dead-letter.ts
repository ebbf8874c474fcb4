// Replays one dead letter: a NEW task run (trigger `replay`, linked to the original, same webhook-id
// so receivers can de-duplicate), committed with its workflow start and the dead-letter workflow's
// signal in one transaction (the dispatcher does both). Used by the API (one) and by the bulk replay
// activity (many). The dead letter is claimed with a conditional update, so two replays cannot both win.
import type { Prisma } from '../db/generated/client';
import { enqueueStart } from '../dispatch/enqueue-start';
import { taskRunStart } from '../dispatch/start-request';
import { conflict, deadLetterNotFound } from '../domain/errors';
import { newId } from '../domain/node/ids';
import { taskRunWorkflowId } from '../domain/workflow-ids';
import { metrics } from '../metrics/metrics';
import type { DbDeps, HandoffDeps } from './deps';
import { deadLetterResolvedSignalRequest } from './dead-letter-signals';
import { sequencerWake } from './ordered-runs';
import { resolveRetryPolicy } from './resolve-retry-policy';

const REPLAY_QUEUED_REASON = 'replay: delivered before the later runs of its ordering key';

const notOpen = (id: string, status: string) =>
  conflict('Dead letter not open', `Dead letter ${id} is already ${status}.`);

export async function replayDeadLetter(deps: DbDeps & HandoffDeps, deadLetterId: string, now = new Date()) {
  const dl = await deps.db.deadLetter.findUnique({ where: { id: deadLetterId }, include: { taskRun: true, endpoint: true } });
  if (!dl) throw deadLetterNotFound(deadLetterId);
  if (dl.status !== 'open') throw notOpen(dl.id, dl.status);
  const { endpoint, taskRun: original } = dl;
  if (endpoint.deletedAt) throw conflict('Endpoint deleted', `Endpoint ${endpoint.id} was deleted; its dead letters can only be discarded.`);
  // A replay to a paused endpoint is held like any of its runs; a disabled one takes none.
  if (endpoint.status === 'disabled') {
    throw conflict('Endpoint disabled', `Endpoint ${endpoint.id} is disabled; resume it before replaying.`);
  }

  if (original.payloadPurgedAt) {
    throw conflict('Payload purged', `Task run ${original.id}'s payload was removed by retention at ${original.payloadPurgedAt.toISOString()}; it cannot be replayed.`);
  }
  const retry = await resolveRetryPolicy(deps, endpoint.retryPolicyId);
  const id = newId('taskRun');
  const workflowId = taskRunWorkflowId(id);
  const run = await deps.db.$transaction(async (tx) => {
    const claimed = await tx.deadLetter.updateMany({
      where: { id: dl.id, status: 'open' },
      data: { status: 'replayed', replayTaskRunId: id, resolvedAt: now },
    });
    if (claimed.count === 0) throw notOpen(dl.id, 'resolved');
    const created = await tx.taskRun.create({
      data: {
        id,
        endpointId: endpoint.id,
        trigger: 'replay',
        replayOfId: original.id,
        eventId: original.eventId,
        scheduleId: original.scheduleId,
        nominalFireTime: original.nominalFireTime,
        payload: original.payload as Prisma.InputJsonValue,
        webhookId: original.webhookId,
        runAt: now,
        workflowId,
        tenantId: original.tenantId,
        // An ordered replay takes its original's place in the key's order: it goes before the runs behind it.
        orderingKey: original.orderingKey,
        orderingSeq: original.orderingSeq,
        statusReason: original.orderingSeq === null ? null : REPLAY_QUEUED_REASON,
      },
    });
    await enqueueStart(
      tx,
      deps.handoff.taskQueue,
      original.orderingKey && original.orderingSeq !== null
        ? sequencerWake(endpoint, original.orderingKey)
        : taskRunStart({ run: created, endpoint, retry, trigger: 'replay' }),
    );
    await enqueueStart(tx, deps.handoff.taskQueue, deadLetterResolvedSignalRequest(endpoint.id, { deadLetterId: dl.id, resolution: 'replayed' }));
    return created;
  });
  deps.handoff.nudge();
  metrics.deadLettersReplayed.inc();
  return { deadLetterId: dl.id, endpointId: endpoint.id, run };
}
