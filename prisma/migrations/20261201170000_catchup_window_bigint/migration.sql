-- The API accepts catch-up windows up to 365 days (31,536,000,000 ms), past INTEGER's 2,147,483,647.
ALTER TABLE "Schedule" ALTER COLUMN "catchupWindowMs" TYPE BIGINT;
