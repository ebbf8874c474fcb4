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
import type { DbDeps } from './deps';
import { pageQuery, toPage } from './pagination';
import { retryPolicyView } from './retry-policy-view';

const DEFAULT_POLICY_LOCK = 827_310_001; // advisory lock id serialising "who is the default"

type Tx = Prisma.TransactionClient;

async function clearOtherDefaults(tx: Tx, exceptId: string) {
  await tx.$executeRaw`SELECT pg_advisory_xact_lock(${DEFAULT_POLICY_LOCK})`;
  await tx.retryPolicy.updateMany({ where: { isDefault: true, id: { not: exceptId } }, data: { isDefault: false } });
}

async function findPolicy(deps: DbDeps, id: string) {
  const policy = await deps.db.retryPolicy.findUnique({ where: { id } });
  if (!policy) throw retryPolicyNotFound(id);
  return policy;
}

export async function createRetryPolicy(deps: DbDeps, body: CreateRetryPolicyBody) {
  const id = newId('retryPolicy');
  const created = await deps.db.$transaction(async (tx) => {
    if (body.isDefault) await clearOtherDefaults(tx, id);
    return tx.retryPolicy.create({ data: { id, ...body } });
  });
  return retryPolicyView(created);
}

export async function getRetryPolicy(deps: DbDeps, id: string) {
  return retryPolicyView(await findPolicy(deps, id));
}

export async function listRetryPolicies(deps: DbDeps, page: Pagination) {
  const rows = await deps.db.retryPolicy.findMany(pageQuery(page, {}));
  return toPage(rows, page.limit, retryPolicyView);
}

/** Runs already started keep the policy they started with; new runs use the change. */
export async function updateRetryPolicy(deps: DbDeps, id: string, body: UpdateRetryPolicyBody) {
  const current = await findPolicy(deps, id);
  const merged = { ...current, ...body };
  // The body is valid on its own; what clashes is the policy it would make with the stored fields.
  if (!exponentialCoefficient(merged)) {
    const message = `${EXPONENTIAL_COEFFICIENT_MESSAGE} (the policy's coefficient is ${merged.coefficient}; send a new one with the strategy)`;
    throw new DomainError('conflict', 'Conflicts with the stored policy', `coefficient: ${message}`, [{ field: 'coefficient', message }]);
  }
  // As on create, a maximum below the initial interval is raised to it.
  const data = merged.maxIntervalMs < merged.initialIntervalMs ? { ...body, maxIntervalMs: merged.initialIntervalMs } : body;
  const updated = await deps.db.$transaction(async (tx) => {
    if (body.isDefault) await clearOtherDefaults(tx, id);
    return tx.retryPolicy.update({ where: { id }, data });
  });
  return retryPolicyView(updated);
}

/** Refused while endpoints use it, so no endpoint silently falls back to another policy. */
export async function deleteRetryPolicy(deps: DbDeps, id: string) {
  await findPolicy(deps, id);
  const users = await deps.db.endpoint.count({ where: { retryPolicyId: id, deletedAt: null } });
  if (users > 0) {
    throw conflict('Retry policy in use', `Retry policy ${id} is used by ${users} endpoint(s); move them to another policy first.`);
  }
  await deps.db.retryPolicy.delete({ where: { id } });
}
