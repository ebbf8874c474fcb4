-- CreateEnum
CREATE TYPE "OrderingMode" AS ENUM ('none', 'key');

-- CreateEnum
CREATE TYPE "DeadLetterHandling" AS ENUM ('block', 'skip');

-- AlterTable
ALTER TABLE "Endpoint" ADD COLUMN     "onDeadLetter" "DeadLetterHandling" NOT NULL DEFAULT 'block',
ADD COLUMN     "ordering" "OrderingMode" NOT NULL DEFAULT 'none';

-- AlterTable
ALTER TABLE "Event" ADD COLUMN     "orderingKey" TEXT,
ADD COLUMN     "orderingSeq" INTEGER;

-- AlterTable
ALTER TABLE "TaskRun" ADD COLUMN     "orderingKey" TEXT,
ADD COLUMN     "orderingSeq" INTEGER;

-- CreateTable
CREATE TABLE "OrderingKey" (
    "key" TEXT NOT NULL,
    "lastSeq" INTEGER NOT NULL DEFAULT 0,

    CONSTRAINT "OrderingKey_pkey" PRIMARY KEY ("key")
);

-- CreateIndex
CREATE INDEX "Event_orderingKey_orderingSeq_idx" ON "Event"("orderingKey", "orderingSeq");

-- CreateIndex
CREATE INDEX "TaskRun_endpointId_orderingKey_orderingSeq_idx" ON "TaskRun"("endpointId", "orderingKey", "orderingSeq");
