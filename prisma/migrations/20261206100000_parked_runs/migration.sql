-- CreateTable
CREATE TABLE "ParkedRun" (
    "taskRunId" TEXT NOT NULL,
    "workflowId" TEXT NOT NULL,
    "endpointId" TEXT NOT NULL,
    "flowKey" TEXT NOT NULL,
    "reason" TEXT NOT NULL,
    "mayGoAt" TIMESTAMP(3) NOT NULL,
    "parkedAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "wokenAt" TIMESTAMP(3),

    CONSTRAINT "ParkedRun_pkey" PRIMARY KEY ("taskRunId")
);

-- CreateIndex
CREATE INDEX "ParkedRun_flowKey_parkedAt_idx" ON "ParkedRun"("flowKey", "parkedAt");

-- CreateIndex
CREATE INDEX "ParkedRun_endpointId_parkedAt_idx" ON "ParkedRun"("endpointId", "parkedAt");
