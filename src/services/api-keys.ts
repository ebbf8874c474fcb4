// API key use cases: create (the key is shown once), list, get, revoke, rotate with a grace period.
import type { CreateApiKeyBody, RotateApiKeyBody } from '../contracts/api-key';
import type { Pagination } from '../contracts/common';
import type { ApiKey } from '../db/generated/client';
import { apiKeyHints, generateApiKey, hashApiKey } from '../domain/node/api-key';
import { alreadyPast, conflict, notFound } from '../domain/errors';
import { newId } from '../domain/node/ids';
import type { DbDeps } from './deps';
import { pageQuery, toPage } from './pagination';
import { assertTenantExists } from './tenants/assert-tenant';
import { scopedTenantId } from '../db/tenant-scope';

export function apiKeyView(k: ApiKey, now = new Date()) {
  const status = k.revokedAt ? 'revoked' : k.expiresAt && k.expiresAt <= now ? 'expired' : 'active';
  return {
    id: k.id,
    name: k.name,
    scope: k.scope,
    prefix: k.prefix,
    lastFour: k.lastFour,
    status,
    createdAt: k.createdAt.toISOString(),
    expiresAt: k.expiresAt?.toISOString() ?? null,
    revokedAt: k.revokedAt?.toISOString() ?? null,
    replacedById: k.replacedById,
    tenantId: k.tenantId,
    kind: k.kind,
  };
}

export function newKeyRow(name: string, scope: 'read' | 'full', expiresAt: Date | null, tenantId: string | null = null, kind = 'api') {
  const key = generateApiKey();
  const row = { id: newId('apiKey'), name, scope, ...apiKeyHints(key), hash: hashApiKey(key).toString('hex'), expiresAt, tenantId, kind };
  return { key, row };
}

async function findKey(deps: DbDeps, id: string) {
  const key = await deps.db.apiKey.findUnique({ where: { id } });
  if (!key) throw notFound('API key', id);
  return key;
}

export async function createApiKey(deps: DbDeps, body: CreateApiKeyBody) {
  const expiresAt = body.expiresAt ? new Date(body.expiresAt) : null;
  if (expiresAt && expiresAt <= new Date()) throw alreadyPast('expiresAt');
  await assertTenantExists(deps, body.tenantId);
  const { key, row } = newKeyRow(body.name, body.scope, expiresAt, body.tenantId ?? scopedTenantId() ?? null);
  return { ...apiKeyView(await deps.db.apiKey.create({ data: row })), key };
}

export async function listApiKeys(deps: DbDeps, page: Pagination) {
  const rows = await deps.db.apiKey.findMany(pageQuery(page, {}));
  return toPage(rows, page.limit, (k) => apiKeyView(k));
}

export async function getApiKey(deps: DbDeps, id: string) {
  return apiKeyView(await findKey(deps, id));
}

/** Immediate: the next request with this key gets 401. Revoking twice is harmless. */
export async function revokeApiKey(deps: DbDeps, id: string) {
  const key = await findKey(deps, id);
  if (key.revokedAt) return apiKeyView(key);
  return apiKeyView(await deps.db.apiKey.update({ where: { id }, data: { revokedAt: new Date() } }));
}

/** A new key with the same name and scope; the old one keeps working until the grace period ends. */
export async function rotateApiKey(deps: DbDeps, id: string, body: RotateApiKeyBody) {
  const old = await findKey(deps, id);
  const now = new Date();
  if (old.revokedAt || (old.expiresAt && old.expiresAt <= now)) {
    throw conflict('API key not active', `API key ${id} is ${old.revokedAt ? 'revoked' : 'expired'}; create a new one instead.`);
  }
  if (old.replacedById) throw conflict('API key already rotated', `API key ${id} was already replaced by ${old.replacedById}.`);
  const graceEnds = new Date(now.getTime() + body.gracePeriodSeconds * 1000);
  const oldExpiresAt = old.expiresAt && old.expiresAt < graceEnds ? old.expiresAt : graceEnds;
  const { key, row } = newKeyRow(old.name, old.scope, null, old.tenantId, old.kind);
  const [created, previous] = await deps.db.$transaction([
    deps.db.apiKey.create({ data: row }),
    deps.db.apiKey.update({ where: { id }, data: { expiresAt: oldExpiresAt, replacedById: row.id } }),
  ]);
  return { ...apiKeyView(created, now), key, previous: apiKeyView(previous, now) };
}
