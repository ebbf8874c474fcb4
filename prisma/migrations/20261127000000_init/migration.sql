-- CreateEnum
CREATE TYPE "Strategy" AS ENUM ('fixed', 'linear', 'exponential');

-- CreateEnum
CREATE TYPE "EndpointStatus" AS ENUM ('active', 'paused', 'disabled');

-- CreateEnum
CREATE TYPE "HttpMethod" AS ENUM ('POST', 'PUT', 'PATCH', 'GET', 'DELETE');

-- CreateEnum
CREATE TYPE "TaskRunStatus" AS ENUM ('pending', 'running', 'success', 'retry_scheduled', 'dead_letter', 'cancelled', 'failed');

-- CreateEnum
CREATE TYPE "TriggerSource" AS ENUM ('api', 'event', 'schedule', 'replay');

-- CreateEnum
CREATE TYPE "AttemptStatus" AS ENUM ('success', 'failed');

-- CreateEnum
CREATE TYPE "AttemptTrigger" AS ENUM ('scheduled', 'manual');

-- CreateEnum
CREATE TYPE "DeadLetterStatus" AS ENUM ('open', 'replayed', 'discarded');

-- CreateTable
CREATE TABLE "RetryPolicy" (
    "id" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "strategy" "Strategy" NOT NULL,
    "initialIntervalMs" INTEGER NOT NULL,
    "maxIntervalMs" INTEGER NOT NULL,
    "coefficient" DOUBLE PRECISION NOT NULL DEFAULT 2,
    "maxAttempts" INTEGER NOT NULL,
    "jitterRatio" DOUBLE PRECISION NOT NULL DEFAULT 0,
    "isDefault" BOOLEAN NOT NULL DEFAULT false,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "RetryPolicy_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Endpoint" (
    "id" TEXT NOT NULL,
    "url" TEXT NOT NULL,
    "method" "HttpMethod" NOT NULL DEFAULT 'POST',
    "headers" JSONB NOT NULL DEFAULT '{}',
    "timeoutMs" INTEGER NOT NULL DEFAULT 10000,
    "secret" TEXT NOT NULL,
    "description" TEXT,
    "status" "EndpointStatus" NOT NULL DEFAULT 'active',
    "statusReason" TEXT,
    "eventTypes" TEXT[] DEFAULT ARRAY[]::TEXT[],
    "eventFilter" JSONB,
    "retryPolicyId" TEXT,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,
    "deletedAt" TIMESTAMP(3),

    CONSTRAINT "Endpoint_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Schedule" (
    "id" TEXT NOT NULL,
    "endpointId" TEXT NOT NULL,
    "cron" TEXT,
    "timezone" TEXT NOT NULL DEFAULT 'UTC',
    "runAt" TIMESTAMP(3),
    "payload" JSONB NOT NULL,
    "overlapPolicy" TEXT NOT NULL DEFAULT 'skip',
    "catchupWindowMs" INTEGER NOT NULL DEFAULT 60000,
    "jitterMs" INTEGER NOT NULL DEFAULT 0,
    "startAt" TIMESTAMP(3),
    "endAt" TIMESTAMP(3),
    "paused" BOOLEAN NOT NULL DEFAULT false,
    "note" TEXT,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "Schedule_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Event" (
    "id" TEXT NOT NULL,
    "type" TEXT NOT NULL,
    "payload" JSONB NOT NULL,
    "idempotencyKey" TEXT,
    "payloadHash" TEXT NOT NULL,
    "matchedEndpointCount" INTEGER,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "Event_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "TaskRun" (
    "id" TEXT NOT NULL,
    "endpointId" TEXT NOT NULL,
    "trigger" "TriggerSource" NOT NULL,
    "eventId" TEXT,
    "scheduleId" TEXT,
    "nominalFireTime" TIMESTAMP(3),
    "replayOfId" TEXT,
    "payload" JSONB NOT NULL,
    "webhookId" TEXT NOT NULL,
    "status" "TaskRunStatus" NOT NULL DEFAULT 'pending',
    "statusReason" TEXT,
    "runAt" TIMESTAMP(3) NOT NULL,
    "attemptCount" INTEGER NOT NULL DEFAULT 0,
    "nextAttemptAt" TIMESTAMP(3),
    "workflowId" TEXT NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,
    "finishedAt" TIMESTAMP(3),

    CONSTRAINT "TaskRun_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "DeliveryAttempt" (
    "id" TEXT NOT NULL,
    "taskRunId" TEXT NOT NULL,
    "attemptNumber" INTEGER NOT NULL,
    "trigger" "AttemptTrigger" NOT NULL DEFAULT 'scheduled',
    "status" "AttemptStatus" NOT NULL,
    "statusCode" INTEGER,
    "latencyMs" INTEGER NOT NULL,
    "errorKind" TEXT,
    "errorMessage" TEXT,
    "decision" TEXT NOT NULL,
    "decisionReason" TEXT NOT NULL,
    "responseHeaders" JSONB,
    "responseBody" TEXT,
    "requestUrl" TEXT NOT NULL,
    "requestMethod" "HttpMethod" NOT NULL,
    "requestId" TEXT,
    "traceId" TEXT NOT NULL,
    "startedAt" TIMESTAMP(3) NOT NULL,
    "endedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "DeliveryAttempt_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "DeadLetter" (
    "id" TEXT NOT NULL,
    "taskRunId" TEXT NOT NULL,
    "endpointId" TEXT NOT NULL,
    "reason" TEXT NOT NULL,
    "detail" TEXT,
    "status" "DeadLetterStatus" NOT NULL DEFAULT 'open',
    "replayTaskRunId" TEXT,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "resolvedAt" TIMESTAMP(3),

    CONSTRAINT "DeadLetter_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "Endpoint_deletedAt_id_idx" ON "Endpoint"("deletedAt", "id");

-- CreateIndex
CREATE INDEX "Endpoint_retryPolicyId_idx" ON "Endpoint"("retryPolicyId");

-- CreateIndex
CREATE INDEX "Schedule_endpointId_id_idx" ON "Schedule"("endpointId", "id");

-- CreateIndex
CREATE UNIQUE INDEX "Event_idempotencyKey_key" ON "Event"("idempotencyKey");

-- CreateIndex
CREATE INDEX "Event_type_id_idx" ON "Event"("type", "id");

-- CreateIndex
CREATE INDEX "TaskRun_endpointId_id_idx" ON "TaskRun"("endpointId", "id");

-- CreateIndex
CREATE INDEX "TaskRun_status_id_idx" ON "TaskRun"("status", "id");

-- CreateIndex
CREATE INDEX "TaskRun_endpointId_status_id_idx" ON "TaskRun"("endpointId", "status", "id");

-- CreateIndex
CREATE INDEX "TaskRun_status_nextAttemptAt_idx" ON "TaskRun"("status", "nextAttemptAt");

-- CreateIndex
CREATE INDEX "TaskRun_eventId_idx" ON "TaskRun"("eventId");

-- CreateIndex
CREATE INDEX "TaskRun_scheduleId_id_idx" ON "TaskRun"("scheduleId", "id");

-- CreateIndex
CREATE INDEX "TaskRun_replayOfId_idx" ON "TaskRun"("replayOfId");

-- CreateIndex
CREATE UNIQUE INDEX "DeliveryAttempt_taskRunId_attemptNumber_key" ON "DeliveryAttempt"("taskRunId", "attemptNumber");

-- CreateIndex
CREATE UNIQUE INDEX "DeadLetter_taskRunId_key" ON "DeadLetter"("taskRunId");

-- CreateIndex
CREATE INDEX "DeadLetter_status_id_idx" ON "DeadLetter"("status", "id");

-- CreateIndex
CREATE INDEX "DeadLetter_endpointId_status_id_idx" ON "DeadLetter"("endpointId", "status", "id");

-- AddForeignKey
ALTER TABLE "Endpoint" ADD CONSTRAINT "Endpoint_retryPolicyId_fkey" FOREIGN KEY ("retryPolicyId") REFERENCES "RetryPolicy"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Schedule" ADD CONSTRAINT "Schedule_endpointId_fkey" FOREIGN KEY ("endpointId") REFERENCES "Endpoint"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "TaskRun" ADD CONSTRAINT "TaskRun_endpointId_fkey" FOREIGN KEY ("endpointId") REFERENCES "Endpoint"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "TaskRun" ADD CONSTRAINT "TaskRun_eventId_fkey" FOREIGN KEY ("eventId") REFERENCES "Event"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "TaskRun" ADD CONSTRAINT "TaskRun_scheduleId_fkey" FOREIGN KEY ("scheduleId") REFERENCES "Schedule"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "TaskRun" ADD CONSTRAINT "TaskRun_replayOfId_fkey" FOREIGN KEY ("replayOfId") REFERENCES "TaskRun"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "DeliveryAttempt" ADD CONSTRAINT "DeliveryAttempt_taskRunId_fkey" FOREIGN KEY ("taskRunId") REFERENCES "TaskRun"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "DeadLetter" ADD CONSTRAINT "DeadLetter_taskRunId_fkey" FOREIGN KEY ("taskRunId") REFERENCES "TaskRun"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "DeadLetter" ADD CONSTRAINT "DeadLetter_endpointId_fkey" FOREIGN KEY ("endpointId") REFERENCES "Endpoint"("id") ON DELETE RESTRICT ON UPDATE CASCADE;
