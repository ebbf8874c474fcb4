-- AlterTable
ALTER TABLE "Endpoint" ADD COLUMN     "statusCodeOverrides" JSONB NOT NULL DEFAULT '{}';

-- CreateIndex
CREATE INDEX "DeadLetter_status_createdAt_idx" ON "DeadLetter"("status", "createdAt");
