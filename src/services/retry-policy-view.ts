// The API shape of a retry policy.
import type { RetryPolicy } from '../db/generated/client';

export function retryPolicyView(p: RetryPolicy) {
  return {
    id: p.id,
    name: p.name,
    strategy: p.strategy,
    initialIntervalMs: p.initialIntervalMs,
    maxIntervalMs: p.maxIntervalMs,
    coefficient: p.coefficient,
    maxAttempts: p.maxAttempts,
    jitterRatio: p.jitterRatio,
    isDefault: p.isDefault,
    createdAt: p.createdAt.toISOString(),
    updatedAt: p.updatedAt.toISOString(),
  };
}
