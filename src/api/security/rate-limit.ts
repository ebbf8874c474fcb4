// Per-API-key rate limiting: an in-memory token bucket per key (per API process). Over the limit:
// 429 with Retry-After. Buckets exist only for authenticated keys, so memory is bounded by them.
import type { RequestHandler } from 'express';
import { sendProblem } from '../problem';
import { principalOf } from './require-api-key';

export interface RateLimit {
  perSecond: number;
  burst: number;
}

interface Bucket {
  tokens: number;
  at: number;
}

export function rateLimit(limit: RateLimit, now: () => number = () => performance.now()): RequestHandler {
  const buckets = new Map<string, Bucket>();
  return (_req, res, next) => {
    if (limit.perSecond <= 0) return next();
    const { keyId } = principalOf(res);
    const t = now();
    const bucket = buckets.get(keyId) ?? { tokens: limit.burst, at: t };
    bucket.tokens = Math.min(limit.burst, bucket.tokens + ((t - bucket.at) / 1000) * limit.perSecond);
    bucket.at = t;
    buckets.set(keyId, bucket);
    if (bucket.tokens >= 1) {
      bucket.tokens -= 1;
      return next();
    }
    const retryAfter = Math.max(1, Math.ceil((1 - bucket.tokens) / limit.perSecond));
    res.set('retry-after', String(retryAfter));
    sendProblem(res, {
      type: 'https://edgecron.dev/problems/429',
      title: 'Too many requests',
      status: 429,
      detail: `This API key is limited to ${limit.perSecond} requests per second (bursts of ${limit.burst}); retry after ${retryAfter} s.`,
    });
  };
}
