-- Transformations: a JavaScript function per endpoint that reshapes each delivery, and the last 20
-- versions of its code with who changed it.

-- AlterTable
ALTER TABLE "Endpoint" ADD COLUMN "transformationCode" TEXT,
ADD COLUMN "transformationEnabled" BOOLEAN NOT NULL DEFAULT true;

-- CreateTable
CREATE TABLE "TransformationVersion" (
    "id" TEXT NOT NULL,
    "endpointId" TEXT NOT NULL,
    "code" TEXT,
    "enabled" BOOLEAN NOT NULL,
    "actorKeyId" TEXT NOT NULL,
    "actorName" TEXT NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "TransformationVersion_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "TransformationVersion_endpointId_createdAt_idx" ON "TransformationVersion"("endpointId", "createdAt");

-- AddForeignKey
ALTER TABLE "TransformationVersion" ADD CONSTRAINT "TransformationVersion_endpointId_fkey" FOREIGN KEY ("endpointId") REFERENCES "Endpoint"("id") ON DELETE CASCADE ON UPDATE CASCADE;
