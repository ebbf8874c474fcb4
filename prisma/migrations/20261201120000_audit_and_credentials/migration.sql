-- Endpoint credentials: the full URL sealed when it carries credentials; `url` then holds it masked.
-- Header values and URLs written in clear by earlier versions are sealed by the API at start-up
-- (sealLegacyEndpointCredentials): SQL cannot run AES-GCM with the application's key.
ALTER TABLE "Endpoint" ADD COLUMN     "sealedUrl" TEXT;

-- CreateTable
CREATE TABLE "AuditEvent" (
    "id" TEXT NOT NULL,
    "actorType" TEXT NOT NULL,
    "actorKeyId" TEXT NOT NULL,
    "actorName" TEXT NOT NULL,
    "action" TEXT NOT NULL,
    "resourceType" TEXT NOT NULL,
    "resourceId" TEXT NOT NULL,
    "changedFields" TEXT[] DEFAULT ARRAY[]::TEXT[],
    "traceId" TEXT,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "AuditEvent_pkey" PRIMARY KEY ("id")
);

-- CreateTable
-- UNLOGGED: a bucket is touched on every API request and need not survive a crash (it comes back
-- full), so its writes skip the WAL and commit without waiting for a flush.
CREATE UNLOGGED TABLE "RateLimitBucket" (
    "keyId" TEXT NOT NULL,
    "tokens" DOUBLE PRECISION NOT NULL,
    "refilledAt" DOUBLE PRECISION NOT NULL,
    "allowed" BOOLEAN NOT NULL,

    CONSTRAINT "RateLimitBucket_pkey" PRIMARY KEY ("keyId")
);

-- CreateIndex
CREATE INDEX "AuditEvent_actorKeyId_id_idx" ON "AuditEvent"("actorKeyId", "id");

-- CreateIndex
CREATE INDEX "AuditEvent_resourceId_id_idx" ON "AuditEvent"("resourceId", "id");

-- CreateIndex
CREATE INDEX "AuditEvent_resourceType_id_idx" ON "AuditEvent"("resourceType", "id");

-- CreateIndex
CREATE INDEX "AuditEvent_action_id_idx" ON "AuditEvent"("action", "id");
