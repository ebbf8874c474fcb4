-- AlterTable
ALTER TABLE "Endpoint" ADD COLUMN "maxConcurrency" INTEGER,
ADD COLUMN "rateLimitPerSecond" INTEGER,
ADD COLUMN "flowControlKey" TEXT,
ADD COLUMN "circuitFailureThreshold" INTEGER DEFAULT 20,
ADD COLUMN "circuitProbeIntervalMs" INTEGER NOT NULL DEFAULT 30000,
ADD COLUMN "consecutiveFailures" INTEGER NOT NULL DEFAULT 0,
ADD COLUMN "circuitOpenedAt" TIMESTAMP(3),
ADD COLUMN "circuitNextProbeAt" TIMESTAMP(3),
ADD COLUMN "circuitProbeAt" TIMESTAMP(3),
ADD COLUMN "circuitLastFailure" TEXT,
ADD COLUMN "failingSince" TIMESTAMP(3);

-- CreateTable
CREATE TABLE "FlowSlot" (
    "flowKey" TEXT NOT NULL,
    "slot" INTEGER NOT NULL,
    "taskRunId" TEXT NOT NULL,
    "expiresAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "FlowSlot_pkey" PRIMARY KEY ("flowKey","slot")
);

-- CreateTable
CREATE TABLE "FlowRateBucket" (
    "flowKey" TEXT NOT NULL,
    "tokens" DOUBLE PRECISION NOT NULL,
    "refilledAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "FlowRateBucket_pkey" PRIMARY KEY ("flowKey")
);
