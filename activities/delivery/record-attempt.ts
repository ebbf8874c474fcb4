// Writes one HTTP call's result to the ledger (the values come from build-attempt-update.ts): its
// immutable Delivery Attempt row and what it means for the run, in one statement (one round trip,
// atomic: the insert and the updates are one command).
// Idempotent, so it can be retried until the database answers: the row is keyed by (run, attempt
// number) and the run only moves while it is `running`.
import type { DeliveryAttempt, TaskRun } from '../../src/db/generated/client';
import type { Db } from '../../src/db/prisma';

/** The attempt row as the model has it, less what only retention sets; headers as received. */
export type AttemptRow = Omit<DeliveryAttempt, 'responseBodyPurgedAt' | 'responseHeaders'> & { responseHeaders?: Record<string, string> };

/** The run's status after this call; attemptCount (calls recorded) is set from the row. */
export interface RunUpdate {
  status?: Extract<TaskRun['status'], 'success' | 'retry_scheduled'>;
  finishedAt?: Date | null;
  nextAttemptAt?: Date | null;
  statusReason?: string | null;
}

export interface AttemptWrite {
  row: AttemptRow;
  runUpdate: RunUpdate;
  /** Set when the receiver answered 410: the endpoint stops receiving. */
  disableEndpoint?: { endpointId: string; reason: string };
}

const UTC_NOW = `(now() AT TIME ZONE 'UTC')`;
/** Columns are `timestamp(3)` holding UTC: an ISO string read as timestamptz, then taken to UTC. */
const utc = (param: string) => `(${param}::timestamptz AT TIME ZONE 'UTC')`;

export async function recordAttempt(db: Db, { row, runUpdate, disableEndpoint }: AttemptWrite): Promise<void> {
  const params: unknown[] = [];
  const p = (value: unknown) => {
    params.push(value);
    return `$${params.length}`;
  };
  const iso = (d: Date | null | undefined) => (d ? d.toISOString() : null);

  const runId = p(row.taskRunId);
  const attemptNumber = `${p(row.attemptNumber)}::int`;
  const attempt = `INSERT INTO "DeliveryAttempt" ("id", "taskRunId", "attemptNumber", "trigger", "status", "statusCode", "latencyMs",
      "errorKind", "errorMessage", "decision", "decisionReason", "responseHeaders", "responseBody", "requestUrl", "requestMethod",
      "requestId", "traceId", "startedAt", "endedAt", "destinationResult")
    VALUES (${p(row.id)}, ${runId}, ${attemptNumber}, ${p(row.trigger)}::"AttemptTrigger", ${p(row.status)}::"AttemptStatus",
      ${p(row.statusCode)}::int, ${p(row.latencyMs)}::int, ${p(row.errorKind)}, ${p(row.errorMessage)}, ${p(row.decision)}, ${p(row.decisionReason)},
      ${p(row.responseHeaders ? JSON.stringify(row.responseHeaders) : null)}::jsonb, ${p(row.responseBody)}, ${p(row.requestUrl)},
      ${p(row.requestMethod)}::"HttpMethod", ${p(row.requestId)}, ${p(row.traceId)}, ${utc(p(iso(row.startedAt)))}, ${utc(p(iso(row.endedAt)))},
      ${p(row.destinationResult === null ? null : JSON.stringify(row.destinationResult))}::jsonb)
    ON CONFLICT DO NOTHING`; // a retried write of the same attempt number is a no-op

  const set = [`"attemptCount" = ${attemptNumber}`, `"updatedAt" = ${UTC_NOW}`];
  if (runUpdate.status !== undefined) set.push(`"status" = ${p(runUpdate.status)}::"TaskRunStatus"`);
  if (runUpdate.finishedAt !== undefined) set.push(`"finishedAt" = ${utc(p(iso(runUpdate.finishedAt)))}`);
  if (runUpdate.nextAttemptAt !== undefined) set.push(`"nextAttemptAt" = ${utc(p(iso(runUpdate.nextAttemptAt)))}`);
  if (runUpdate.statusReason !== undefined) set.push(`"statusReason" = ${p(runUpdate.statusReason)}`);
  const run = `UPDATE "TaskRun" SET ${set.join(', ')} WHERE "id" = ${runId} AND "status" = 'running'`;

  const endpoint = disableEndpoint
    ? `, disabled AS (UPDATE "Endpoint" SET "status" = 'disabled', "statusReason" = ${p(disableEndpoint.reason)}, "updatedAt" = ${UTC_NOW}
        WHERE "id" = ${p(disableEndpoint.endpointId)})`
    : '';
  await db.$executeRawUnsafe(`WITH attempt AS (${attempt})${endpoint} ${run}`, ...params);
}
