// How long to wait before retrying a 429/503: the server's Retry-After when it sent one, else backoff.

/** Retry-After as delay-seconds or an HTTP date; undefined when absent or unreadable. */
export function parseRetryAfterMs(value: string | null, now = Date.now()): number | undefined {
  if (!value) return undefined;
  const trimmed = value.trim();
  if (/^\d+$/.test(trimmed)) return Number(trimmed) * 1000;
  const at = Date.parse(trimmed);
  return Number.isNaN(at) ? undefined : Math.max(0, at - now);
}

/** Exponential backoff with jitter for the n-th retry (1-based), when the server gave no Retry-After. */
export function backoffMs(retry: number, baseMs = 500): number {
  return baseMs * 2 ** (retry - 1) * (0.5 + Math.random() / 2);
}
