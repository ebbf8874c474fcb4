// Retry policy use cases. At most one policy is the default: making one the default clears the flag
// on the others in the same transaction, under a lock so two concurrent writers cannot both win.
import type { Pagination } from '../contracts/common';
import {
  EXPONENTIAL_COEFFICIENT_MESSAGE,
  exponentialCoefficient,
  type CreateRetryPolicyBody,
  type UpdateRetryPolicyBody,
} from '../contracts/retry-policy';
import type { Prisma } from '../db/generated/client';
import { conflict, DomainError, retryPolicyNotFound } from '../domain/errors';
import { newId } from '../domain/node/ids';
import type { ServiceContext } from './context';
import { pageQuery, toPage } from './pagination';
import { retryPolicyView } from './retry-policy-view';

const DEFAULT_POLICY_LOCK = 827_310_001; // advisory lock id serialising "who is the default"

type Tx = Prisma.TransactionClient;

async function clearOtherDefaults(tx: Tx, exceptId: string) {
  await tx.$executeRaw`SELECT pg_advisory_xact_lock(${DEFAULT_POLICY_LOCK})`;
  await tx.retryPolicy.updateMany({ where: { isDefault: true, id: { not: exceptId } }, data: { isDefault: false } });
}

async function findPolicy(ctx: ServiceContext, id: string) {
  const policy = await ctx.db.retryPolicy.findUnique({ where: { id } });
  if (!policy) throw retryPolicyNotFound(id);
  return policy;
}

export async function createRetryPolicy(ctx: ServiceContext, body: CreateRetryPolicyBody) {
  const id = newId('retryPolicy');
  const created = await ctx.db.$transaction(async (tx) => {
    if (body.isDefault) await clearOtherDefaults(tx, id);
    return tx.retryPolicy.create({ data: { id, ...body } });
  });
  return retryPolicyView(created);
}

export async function getRetryPolicy(ctx: ServiceContext, id: string) {
  return retryPolicyView(await findPolicy(ctx, id));
}

export async function listRetryPolicies(ctx: ServiceContext, page: Pagination) {
  const rows = await ctx.db.retryPolicy.findMany(pageQuery(page, {}));
  return toPage(rows, page.limit, retryPolicyView);
}

/** Runs already started keep the policy they started with; new runs use the change. */
export async function updateRetryPolicy(ctx: ServiceContext, id: string, body: UpdateRetryPolicyBody) {
  const current = await findPolicy(ctx, id);
  const merged = { ...current, ...body };
  // The body is valid on its own; what clashes is the policy it would make with the stored fields.
  if (!exponentialCoefficient(merged)) {
    const message = `${EXPONENTIAL_COEFFICIENT_MESSAGE} (the policy's coefficient is ${merged.coefficient}; send a new one with the strategy)`;
    throw new DomainError('conflict', 'Conflicts with the stored policy', `coefficient: ${message}`, [{ field: 'coefficient', message }]);
  }
  // As on create, a maximum below the initial interval is raised to it.
  const data = merged.maxIntervalMs < merged.initialIntervalMs ? { ...body, maxIntervalMs: merged.initialIntervalMs } : body;
  const updated = await ctx.db.$transaction(async (tx) => {
    if (body.isDefault) await clearOtherDefaults(tx, id);
    return tx.retryPolicy.update({ where: { id }, data });
  });
  return retryPolicyView(updated);
}

/** Refused while endpoints use it, so no endpoint silently falls back to another policy. */
export async function deleteRetryPolicy(ctx: ServiceContext, id: string) {
  await findPolicy(ctx, id);
  const users = await ctx.db.endpoint.count({ where: { retryPolicyId: id, deletedAt: null } });
  if (users > 0) {
    throw conflict('Retry policy in use', `Retry policy ${id} is used by ${users} endpoint(s); move them to another policy first.`);
  }
  await ctx.db.retryPolicy.delete({ where: { id } });
}
