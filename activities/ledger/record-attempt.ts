// Writes one HTTP call to the ledger: its immutable Delivery Attempt row and what it means for the
// run, in one transaction. Idempotent, so it can be retried until the database answers: the row is
// keyed by (run, attempt number) and the run only moves while it is `running`.
import type { Db } from '../../src/db/prisma';
import type { Prisma } from '../../src/db/generated/client';

export interface AttemptWrite {
  row: Prisma.DeliveryAttemptCreateManyInput;
  /** The run's status after this call; attemptCount (calls recorded) is set from the row. */
  runUpdate: Prisma.TaskRunUpdateManyMutationInput;
  /** Set when the receiver answered 410: the endpoint stops receiving. */
  disableEndpoint?: { endpointId: string; reason: string };
}

export async function recordAttempt(db: Db, { row, runUpdate, disableEndpoint }: AttemptWrite): Promise<void> {
  await db.$transaction([
    // skipDuplicates: a retried write of the same attempt number is a no-op.
    db.deliveryAttempt.createMany({ data: [row], skipDuplicates: true }),
    db.taskRun.updateMany({ where: { id: row.taskRunId, status: 'running' }, data: { ...runUpdate, attemptCount: row.attemptNumber } }),
    ...(disableEndpoint
      ? [db.endpoint.update({ where: { id: disableEndpoint.endpointId }, data: { status: 'disabled', statusReason: disableEndpoint.reason } })]
      : []),
  ]);
}
