-- CreateTable
CREATE TABLE "PendingStart" (
    "key" TEXT NOT NULL,
    "kind" TEXT NOT NULL,
    "taskQueue" TEXT NOT NULL,
    "request" JSONB NOT NULL,
    "version" INTEGER NOT NULL DEFAULT 0,
    "taskRunId" TEXT,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "availableAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "tries" INTEGER NOT NULL DEFAULT 0,
    "lastError" TEXT,

    CONSTRAINT "PendingStart_pkey" PRIMARY KEY ("key")
);

-- CreateIndex
CREATE INDEX "PendingStart_taskQueue_availableAt_idx" ON "PendingStart"("taskQueue", "availableAt");

-- CreateTable
CREATE TABLE "BulkReplay" (
    "id" TEXT NOT NULL,
    "total" INTEGER NOT NULL,
    "replayed" INTEGER NOT NULL DEFAULT 0,
    "skipped" INTEGER NOT NULL DEFAULT 0,
    "ratePerSecond" INTEGER NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "BulkReplay_pkey" PRIMARY KEY ("id")
);
