-- The backlog figure's oldest waiting trigger, read every second, in one index read instead of a scan.

-- CreateIndex
CREATE INDEX "PendingStart_taskQueue_createdAt_idx" ON "PendingStart"("taskQueue", "createdAt");
