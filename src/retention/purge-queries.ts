// The purge's statements, as SQL text with $n parameters: the purge runs them, and
// test/retention-explain.test.ts reads their EXPLAIN on a seeded database. Each one is an index range
// over the rows still to visit, LIMITed to one small batch, so no statement holds many locks for long.
// Times are UTC without time zone, as Prisma stores them (an ISO string's `Z` is ignored by the cast).

export interface Sql {
  text: string;
  values: unknown[];
}

/** One page of endpoints (deleted ones included: their runs are purged too), with their payload override. */
export const endpointPage = (afterId: string, limit: number): Sql => ({
  text: `SELECT "id", "payloadRetentionDays" FROM "Endpoint" WHERE "id" > $1 ORDER BY "id" LIMIT $2`,
  values: [afterId, limit],
});

/**
 * Finished runs whose payload is due, per endpoint of a page, each endpoint with its own cutoff
 * (now − its payload days): one probe of TaskRun_payload_purge_idx per endpoint.
 */
export const runsWithPayloadDue = (endpointIds: string[], cutoffs: string[], limit: number): Sql => ({
  text: `SELECT r."id" FROM unnest($1::text[], $2::timestamp(3)[]) AS e("id", "cutoff")
           CROSS JOIN LATERAL (
             SELECT t."id" FROM "TaskRun" t
              WHERE t."endpointId" = e."id" AND t."payloadPurgedAt" IS NULL AND t."finishedAt" < e."cutoff"
              LIMIT $3) r
          LIMIT $3`,
  values: [endpointIds, cutoffs, limit],
});

/** Re-checks what it updates, so two purges taking the same ids count each run once. */
export const purgeRunPayloads = (ids: string[], now: string): Sql => ({
  text: `UPDATE "TaskRun" SET "payload" = 'null'::jsonb, "payloadPurgedAt" = $2::timestamp(3)
          WHERE "id" = ANY($1::text[]) AND "payloadPurgedAt" IS NULL AND "finishedAt" IS NOT NULL`,
  values: [ids, now],
});

export const purgeResponseBodies = (runIds: string[], now: string): Sql => ({
  text: `UPDATE "DeliveryAttempt" SET "responseBody" = NULL, "responseBodyPurgedAt" = $2::timestamp(3)
          WHERE "taskRunId" = ANY($1::text[]) AND "responseBodyPurgedAt" IS NULL`,
  values: [runIds, now],
});

/** Runs of dead letters replayed or discarded before the cutoff: they go with their dead letter. */
export const resolvedDeadLetterRuns = (cutoff: string, limit: number): Sql => ({
  text: `SELECT "taskRunId" AS "id" FROM "DeadLetter"
          WHERE "status" IN ('replayed', 'discarded') AND "resolvedAt" < $1::timestamp(3)
          LIMIT $2`,
  values: [cutoff, limit],
});

/** Finished runs past their period; a dead-lettered run follows its dead letter instead. */
export const finishedRunsDue = (cutoff: string, limit: number): Sql => ({
  text: `SELECT t."id" FROM "TaskRun" t
          WHERE t."status" IN ('success', 'cancelled', 'failed') AND t."finishedAt" < $1::timestamp(3)
            AND NOT EXISTS (SELECT 1 FROM "DeadLetter" d WHERE d."taskRunId" = t."id")
          LIMIT $2`,
  values: [cutoff, limit],
});

export const deleteAttemptsOfRuns = (runIds: string[]): Sql => ({
  text: `DELETE FROM "DeliveryAttempt" WHERE "taskRunId" = ANY($1::text[])`,
  values: [runIds],
});

/** Deleting a run deletes its dead letter (cascade) and unlinks replays of it. */
export const deleteRuns = (ids: string[]): Sql => ({
  text: `DELETE FROM "TaskRun" WHERE "id" = ANY($1::text[]) AND "finishedAt" IS NOT NULL`,
  values: [ids],
});

/** Events made before the cutoff id (ids are time-sortable), oldest first; their runs keep `eventId` null. */
export const deleteEventsBefore = (cutoffId: string, limit: number): Sql => ({
  text: `DELETE FROM "Event" WHERE "id" = ANY(ARRAY(SELECT "id" FROM "Event" WHERE "id" < $1 ORDER BY "id" LIMIT $2))`,
  values: [cutoffId, limit],
});

export const purgeEventPayloadsBefore = (cutoffId: string, limit: number, now: string): Sql => ({
  text: `UPDATE "Event" SET "payload" = 'null'::jsonb, "payloadPurgedAt" = $3::timestamp(3)
          WHERE "id" = ANY(ARRAY(SELECT "id" FROM "Event" WHERE "payloadPurgedAt" IS NULL AND "id" < $1 ORDER BY "id" LIMIT $2))
            AND "payloadPurgedAt" IS NULL`,
  values: [cutoffId, limit, now],
});

/** Expired idempotency keys are released (publishing one again makes a new event); the event stays. */
export const releaseIdempotencyKeysBefore = (cutoffId: string, limit: number): Sql => ({
  text: `UPDATE "Event" SET "idempotencyKey" = NULL
          WHERE "id" = ANY(ARRAY(SELECT "id" FROM "Event" WHERE "idempotencyKey" IS NOT NULL AND "id" < $1 ORDER BY "id" LIMIT $2))`,
  values: [cutoffId, limit],
});

/** Sources' request log rows made before the cutoff id: the log goes with the events of its time. */
export const deleteSourceRequestsBefore = (cutoffId: string, limit: number): Sql => ({
  text: `DELETE FROM "SourceRequest" WHERE "id" = ANY(ARRAY(SELECT "id" FROM "SourceRequest" WHERE "id" < $1 ORDER BY "id" LIMIT $2))`,
  values: [cutoffId, limit],
});
