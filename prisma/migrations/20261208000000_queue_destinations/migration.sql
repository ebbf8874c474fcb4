-- Queue destinations (SQS, Kafka): an endpoint may name a queue instead of a URL, and a send records
-- what the queue answered instead of an HTTP method and status.

-- AlterTable
ALTER TABLE "Endpoint" ADD COLUMN "destination" JSONB;

-- AlterTable
ALTER TABLE "DeliveryAttempt" ADD COLUMN "destinationResult" JSONB,
ALTER COLUMN "requestMethod" DROP NOT NULL;
