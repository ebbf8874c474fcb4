-- Tenants: an optional tenantId on endpoints, schedules, events, task runs, dead letters, API keys and
-- bulk replays; fanout reads one tenant's endpoints through ("tenantId", id). No foreign keys to
-- "Tenant": a deleted tenant's records keep naming it until retention removes them.

-- CreateTable
CREATE TABLE "Tenant" (
    "id" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "externalId" TEXT,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,
    "deletedAt" TIMESTAMP(3),

    CONSTRAINT "Tenant_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "EventType" (
    "name" TEXT NOT NULL,
    "description" TEXT,
    "schema" JSONB,
    "example" JSONB,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "EventType_pkey" PRIMARY KEY ("name")
);

-- AlterTable
ALTER TABLE "Endpoint" ADD COLUMN "tenantId" TEXT;
ALTER TABLE "Schedule" ADD COLUMN "tenantId" TEXT;
ALTER TABLE "Event" ADD COLUMN "tenantId" TEXT;
ALTER TABLE "TaskRun" ADD COLUMN "tenantId" TEXT;
ALTER TABLE "DeadLetter" ADD COLUMN "tenantId" TEXT;
ALTER TABLE "ApiKey" ADD COLUMN "tenantId" TEXT,
ADD COLUMN "kind" TEXT NOT NULL DEFAULT 'api';
ALTER TABLE "BulkReplay" ADD COLUMN "tenantId" TEXT;

-- CreateIndex
CREATE UNIQUE INDEX "Tenant_externalId_key" ON "Tenant"("externalId");
CREATE INDEX "Tenant_deletedAt_id_idx" ON "Tenant"("deletedAt", "id");
CREATE INDEX "Endpoint_tenantId_id_idx" ON "Endpoint"("tenantId", "id");
CREATE INDEX "Schedule_tenantId_id_idx" ON "Schedule"("tenantId", "id");
CREATE INDEX "Event_tenantId_id_idx" ON "Event"("tenantId", "id");
CREATE INDEX "TaskRun_tenantId_id_idx" ON "TaskRun"("tenantId", "id");
CREATE INDEX "DeadLetter_tenantId_id_idx" ON "DeadLetter"("tenantId", "id");
CREATE INDEX "ApiKey_tenantId_id_idx" ON "ApiKey"("tenantId", "id");
