-- DropIndex
DROP INDEX "TaskRun_eventId_idx";

-- CreateIndex
CREATE UNIQUE INDEX "TaskRun_eventId_endpointId_key" ON "TaskRun"("eventId", "endpointId");
