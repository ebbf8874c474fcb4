// Per-API-key rate limiting on the shared token buckets (src/db/rate-limit-bucket.ts), so every API
// replica draws from the same bucket. Over the limit: 429 with Retry-After. Rows exist only for
// authenticated keys (and inbound sources), so the table is bounded by them.
import type { RequestHandler } from 'express';
import type { Db } from '../../db/prisma';
import { takeToken, type RateLimit } from '../../db/rate-limit-bucket';
import { sendProblem } from '../problem';
import { principalOf } from './require-api-key';

export { takeToken, type RateLimit, type Take } from '../../db/rate-limit-bucket';

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
