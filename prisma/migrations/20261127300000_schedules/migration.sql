-- AlterTable
ALTER TABLE "Schedule" ADD COLUMN     "deletedAt" TIMESTAMP(3);

-- CreateIndex
CREATE INDEX "Schedule_deletedAt_id_idx" ON "Schedule"("deletedAt", "id");
