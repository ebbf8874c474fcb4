// Pure statistics for the benchmark: percentiles (nearest rank) and rates.

/** Nearest-rank percentile of unsorted samples; undefined when there are none. */
export function percentile(samples: readonly number[], p: number): number | undefined {
  if (samples.length === 0) return undefined;
  const sorted = [...samples].sort((a, b) => a - b);
  const rank = Math.ceil((p / 100) * sorted.length);
  return sorted[Math.min(sorted.length - 1, Math.max(0, rank - 1))];
}

export interface LatencySummary {
  count: number;
  p50Ms?: number;
  p95Ms?: number;
  p99Ms?: number;
  maxMs?: number;
}

export function summarize(samples: readonly number[]): LatencySummary {
  return {
    count: samples.length,
    p50Ms: round(percentile(samples, 50)),
    p95Ms: round(percentile(samples, 95)),
    p99Ms: round(percentile(samples, 99)),
    maxMs: round(samples.length ? Math.max(...samples) : undefined),
  };
}

/** Items per second; undefined when nothing was timed. */
export function perSecond(count: number, elapsedMs: number): number | undefined {
  return elapsedMs > 0 ? round((count * 1000) / elapsedMs) : undefined;
}

/** a / b, or undefined when either side is missing. */
export function ratio(a: number | undefined, b: number | undefined): number | undefined {
  return a !== undefined && b !== undefined && b > 0 ? Math.round((a / b) * 100) / 100 : undefined;
}

export function round(n: number | undefined, digits = 1): number | undefined {
  if (n === undefined) return undefined;
  const f = 10 ** digits;
  return Math.round(n * f) / f;
}
