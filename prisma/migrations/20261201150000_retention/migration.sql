-- Retention (README "Retention"): what the purge removed is marked, never guessed from an empty value.
ALTER TABLE "Endpoint" ADD COLUMN "payloadRetentionDays" INTEGER;
ALTER TABLE "Event" ADD COLUMN "payloadPurgedAt" TIMESTAMP(3);
ALTER TABLE "TaskRun" ADD COLUMN "payloadPurgedAt" TIMESTAMP(3);
ALTER TABLE "DeliveryAttempt" ADD COLUMN "responseBodyPurgedAt" TIMESTAMP(3);

-- Fanout's endpoint lookup: `"eventTypes" && ARRAY[patterns]`.
CREATE INDEX "Endpoint_eventTypes_idx" ON "Endpoint" USING GIN ("eventTypes");

-- The purge's queries, each an index range over the rows it still has to visit.
CREATE INDEX "TaskRun_payload_purge_idx" ON "TaskRun"("endpointId", "finishedAt") WHERE "payloadPurgedAt" IS NULL;
CREATE INDEX "TaskRun_status_finishedAt_idx" ON "TaskRun"("status", "finishedAt");
CREATE INDEX "DeadLetter_status_resolvedAt_idx" ON "DeadLetter"("status", "resolvedAt");
CREATE INDEX "Event_payload_purge_idx" ON "Event"("id") WHERE "payloadPurgedAt" IS NULL;
CREATE INDEX "Event_idempotency_key_expiry_idx" ON "Event"("id") WHERE "idempotencyKey" IS NOT NULL;

-- Dead letters listed by endpoint without a status, newest first.
CREATE INDEX "DeadLetter_endpointId_id_idx" ON "DeadLetter"("endpointId", "id");
