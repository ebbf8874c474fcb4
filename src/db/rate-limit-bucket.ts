// Token buckets kept in PostgreSQL, so every API replica draws from the same one: an API key's
// (src/api/security/rate-limit.ts) or an inbound source's (keyed `source:src_…`). One statement per
// request refills the bucket by the time elapsed (on the database's clock), takes a token if there is
// one, and says whether it did.
import { Prisma } from './generated/client';
import type { Db } from './prisma';

export interface RateLimit {
  perSecond: number;
  burst: number;
}

export interface Take {
  allowed: boolean;
  tokens: number;
}

/** Takes one token from the key's bucket, atomically (the row lock orders concurrent takes). */
export async function takeToken(db: Db, keyId: string, limit: RateLimit): Promise<Take> {
  const now = Prisma.sql`extract(epoch FROM now())::float8`;
  // What the bucket holds now: the stored tokens plus the refill since, capped at the burst.
  const available = Prisma.sql`LEAST(${limit.burst}::float8, b.tokens + GREATEST(0, ${now} - b."refilledAt") * ${limit.perSecond}::float8)`;
  const [row] = await db.$queryRaw<Take[]>`
    INSERT INTO "RateLimitBucket" AS b ("keyId", tokens, "refilledAt", allowed)
    VALUES (${keyId}, ${limit.burst}::float8 - 1, ${now}, true)
    ON CONFLICT ("keyId") DO UPDATE SET
      tokens = ${available} - CASE WHEN ${available} >= 1 THEN 1 ELSE 0 END,
      allowed = ${available} >= 1,
      "refilledAt" = GREATEST(b."refilledAt", ${now})
    RETURNING allowed, tokens`;
  return row;
}
