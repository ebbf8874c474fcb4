-- Keys are per tenant: one tenant's idempotency or ordering key never blocks, slows or reveals another's.

-- Idempotency keys: unique per (tenant, key); a null tenant is one scope (the installation's own).
DROP INDEX "Event_idempotencyKey_key";
CREATE UNIQUE INDEX "Event_tenantId_idempotencyKey_key" ON "Event"("tenantId", "idempotencyKey") NULLS NOT DISTINCT
  WHERE "idempotencyKey" IS NOT NULL;

-- Ordering-key counters: one row (and one lock) per (tenant, key); '' is the installation's own.
ALTER TABLE "OrderingKey" ADD COLUMN "scope" TEXT NOT NULL DEFAULT '';
ALTER TABLE "OrderingKey" DROP CONSTRAINT "OrderingKey_pkey";
ALTER TABLE "OrderingKey" ADD CONSTRAINT "OrderingKey_pkey" PRIMARY KEY ("scope", "key");
-- Each tenant that used a shared counter continues from its value, so its waiting runs keep their place
-- ahead of new ones (numbers only have to rise within one tenant's key).
INSERT INTO "OrderingKey" ("scope", "key", "lastSeq")
SELECT DISTINCT u."tenantId", o."key", o."lastSeq"
FROM "OrderingKey" o
JOIN (
  SELECT "tenantId", "orderingKey" FROM "TaskRun" WHERE "tenantId" IS NOT NULL AND "orderingSeq" IS NOT NULL
  UNION
  SELECT "tenantId", "orderingKey" FROM "Event" WHERE "tenantId" IS NOT NULL AND "orderingSeq" IS NOT NULL
) u ON u."orderingKey" = o."key"
WHERE o."scope" = '';
