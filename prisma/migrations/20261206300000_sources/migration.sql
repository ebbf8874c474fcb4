-- Inbound sources: a verified third-party webhook to /in/:sourceId becomes an Event. Events remember
-- their source and the provider's delivery id; the per-source dedup key is unique while its window holds.

-- AlterTable
ALTER TABLE "Event" ADD COLUMN "sourceId" TEXT,
ADD COLUMN "sourceDeliveryId" TEXT,
ADD COLUMN "sourceDedupKey" TEXT;

-- CreateTable
CREATE TABLE "Source" (
    "id" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "description" TEXT,
    "tenantId" TEXT,
    "verification" JSONB NOT NULL,
    "oldSecret" TEXT,
    "oldSecretUntil" TIMESTAMP(3),
    "eventType" JSONB,
    "eventTypePrefix" TEXT,
    "deduplicate" JSONB,
    "ingestRateLimitPerSecond" INTEGER NOT NULL DEFAULT 100,
    "disabled" BOOLEAN NOT NULL DEFAULT false,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,
    "deletedAt" TIMESTAMP(3),

    CONSTRAINT "Source_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "SourceRequest" (
    "id" TEXT NOT NULL,
    "sourceId" TEXT NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "outcome" TEXT NOT NULL,
    "reason" TEXT,
    "eventId" TEXT,
    "bodyBytes" INTEGER NOT NULL,

    CONSTRAINT "SourceRequest_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "Event_sourceId_id_idx" ON "Event"("sourceId", "id");

-- CreateIndex
CREATE UNIQUE INDEX "Event_sourceId_sourceDedupKey_key" ON "Event"("sourceId", "sourceDedupKey");

-- CreateIndex
CREATE INDEX "Source_tenantId_id_idx" ON "Source"("tenantId", "id");

-- CreateIndex
CREATE INDEX "SourceRequest_sourceId_id_idx" ON "SourceRequest"("sourceId", "id");
