// Which retry policy a run uses: the endpoint's own, else the stored default, else the built-in one.
import type { RetryPolicy } from '../db/generated/client';
import type { Db } from '../db/prisma';
import { BUILT_IN_RETRY_POLICY, type RetryPolicySpec } from '../domain/retry-policy';
import type { DbDeps } from './deps';

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

export async function resolveRetryPolicy(deps: DbDeps, retryPolicyId: string | null): Promise<RetryPolicySpec> {
  const policy = retryPolicyId
    ? await deps.db.retryPolicy.findUnique({ where: { id: retryPolicyId } })
    : await deps.db.retryPolicy.findFirst({ where: { isDefault: true } });
  return policy ? toRetrySpec(policy) : BUILT_IN_RETRY_POLICY;
}

/** The same rule for many endpoints at once (fanout, in an activity): two queries, whatever the number of endpoints. */
export async function resolveRetryPolicies(db: Db, retryPolicyIds: Array<string | null>) {
  const ids = [...new Set(retryPolicyIds.filter((id): id is string => id !== null))];
  const [own, fallback] = await Promise.all([
    ids.length ? db.retryPolicy.findMany({ where: { id: { in: ids } } }) : Promise.resolve([]),
    db.retryPolicy.findFirst({ where: { isDefault: true } }),
  ]);
  const byId = new Map(own.map((p) => [p.id, toRetrySpec(p)]));
  const defaultSpec = fallback ? toRetrySpec(fallback) : BUILT_IN_RETRY_POLICY;
  return (retryPolicyId: string | null): RetryPolicySpec => (retryPolicyId && byId.get(retryPolicyId)) || defaultSpec;
}
