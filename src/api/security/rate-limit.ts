// Per-API-key rate limiting: a token bucket per key kept in PostgreSQL, so every API replica draws
// from the same bucket. One statement per request refills the bucket by the time elapsed (on the
// database's clock), takes a token if there is one, and says whether it did. Over the limit: 429
// with Retry-After. Rows exist only for authenticated keys, so the table is bounded by them.
import type { RequestHandler } from 'express';
import { Prisma } from '../../db/generated/client';
import type { Db } from '../../db/prisma';
import { sendProblem } from '../problem';
import { principalOf } from './require-api-key';

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

export function rateLimit(limit: RateLimit, db: Db): RequestHandler {
  return async (_req, res, next) => {
    if (limit.perSecond <= 0) return next();
    const { allowed, tokens } = await takeToken(db, principalOf(res).keyId, limit);
    if (allowed) return next();
    const retryAfter = Math.max(1, Math.ceil((1 - tokens) / limit.perSecond));
    res.set('retry-after', String(retryAfter));
    sendProblem(res, {
      type: 'https://edgecron.dev/problems/429',
      title: 'Too many requests',
      status: 429,
      detail: `This API key is limited to ${limit.perSecond} requests per second (bursts of ${limit.burst}); retry after ${retryAfter} s.`,
    });
  };
}
