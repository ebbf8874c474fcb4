// A new run and its outbox row in one plain statement: one round trip instead of Prisma's four
// (BEGIN, two INSERTs, COMMIT), atomic all the same (one statement is one transaction).
import { Prisma, type TaskRun } from '../db/generated/client';
import type { Db } from '../db/prisma';
import { outboxWrite } from '../dispatch/enqueue-start';
import type { StartRequest } from '../dispatch/start-request';

/** What a run is created with; the rest takes the table's defaults. */
export interface NewTaskRun {
  id: string;
  endpointId: string;
  trigger: TaskRun['trigger'];
  payload: Prisma.InputJsonValue;
  webhookId: string;
  runAt: Date;
  workflowId: string;
  orderingKey: string | null;
  /** The endpoint's tenant: the endpoint was read in the request's tenant scope, so it is that tenant's. */
  tenantId: string | null;
}

/** Columns are `timestamp(3)` holding UTC, as Prisma writes them. */
const UTC_NOW = Prisma.sql`(now() AT TIME ZONE 'UTC')`;
const utc = (d: Date) => Prisma.sql`(${d.toISOString()}::timestamptz AT TIME ZONE 'UTC')`;

export async function insertTaskRunWithStart(db: Db, run: NewTaskRun, taskQueue: string, start: StartRequest): Promise<TaskRun> {
  const { queued, notified } = outboxWrite(taskQueue, start);
  const [row] = await db.$queryRaw<TaskRun[]>`
    WITH run AS (
      INSERT INTO "TaskRun" ("id", "endpointId", "trigger", "payload", "webhookId", "runAt", "workflowId", "orderingKey", "tenantId",
                             "createdAt", "updatedAt")
      VALUES (${run.id}, ${run.endpointId}, ${run.trigger}::"TriggerSource", ${JSON.stringify(run.payload)}::jsonb, ${run.webhookId},
              ${utc(run.runAt)}, ${run.workflowId}, ${run.orderingKey}, ${run.tenantId}, ${UTC_NOW}, ${UTC_NOW})
      RETURNING *),
    ${queued}
    SELECT run.* FROM run, ${notified}`;
  return row;
}
