// Which retry policy a run uses: the endpoint's own, else the stored default, else the built-in one.
import type { RetryPolicy } from '../db/generated/client';
import { BUILT_IN_RETRY_POLICY, type RetryPolicySpec } from '../domain/retry-policy';
import type { ServiceContext } from './context';

export function toRetrySpec(p: RetryPolicy): RetryPolicySpec {
  return {
    strategy: p.strategy,
    initialIntervalMs: p.initialIntervalMs,
    maxIntervalMs: p.maxIntervalMs,
    coefficient: p.coefficient,
    maxAttempts: p.maxAttempts,
    jitterRatio: p.jitterRatio,
  };
}

export async function resolveRetryPolicy(ctx: Pick<ServiceContext, 'db'>, retryPolicyId: string | null): Promise<RetryPolicySpec> {
  const policy = retryPolicyId
    ? await ctx.db.retryPolicy.findUnique({ where: { id: retryPolicyId } })
    : await ctx.db.retryPolicy.findFirst({ where: { isDefault: true } });
  return policy ? toRetrySpec(policy) : BUILT_IN_RETRY_POLICY;
}
