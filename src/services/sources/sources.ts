// Source use cases: create, read, list, change, delete, disable and enable.
import type { CreateSourceBody, SourceVerification, UpdateSourceBody } from '../../contracts/source';
import type { Pagination } from '../../contracts/common';
import { Prisma } from '../../db/generated/client';
import { conflictsWithCurrent, invalidField, notFound } from '../../domain/errors';
import { newId } from '../../domain/node/ids';
import type { DbDeps, SecretDeps } from '../deps';
import { pageQuery, toPage } from '../pagination';
import { assertTenantExists } from '../tenants/assert-tenant';
import { sealVerification } from './source-secret';
import { eventTypeRule } from './inbound-rules';
import { sourceView } from './source-view';

export const sourceNotFound = (id: string) => notFound('Source', id);

export async function findLiveSource(deps: DbDeps, id: string) {
  const source = await deps.db.source.findFirst({ where: { id, deletedAt: null } });
  if (!source) throw sourceNotFound(id);
  return source;
}

/** What no single field's schema can say: `none` needs a prefix, and every type needs a way to find its event type. */
// A create says it all in its body (400, as the document's schema states); a change is merged with what the
// source holds, so a gap there conflicts with the current settings (409).
function assertRulesComplete(v: SourceVerification, eventType: unknown, prefix: string | null | undefined, refuse = invalidField) {
  if (v.type === 'none' && !prefix) throw refuse('eventTypePrefix', 'is required when verification.type is none');
  if (!eventTypeRule(v.type, eventType as never)) throw refuse('eventType', `is required for verification.type ${v.type}`);
}

const jsonOrNull = (value: unknown) => (value === null || value === undefined ? Prisma.DbNull : (value as Prisma.InputJsonValue));

export async function createSource(deps: DbDeps & SecretDeps, body: CreateSourceBody, baseUrl: string) {
  assertRulesComplete(body.verification, body.eventType, body.eventTypePrefix);
  await assertTenantExists(deps, body.tenantId);
  const id = newId('source');
  const source = await deps.db.source.create({
    data: {
      id,
      name: body.name,
      description: body.description ?? null,
      tenantId: body.tenantId ?? null,
      verification: sealVerification(deps.secretBox, id, body.verification) as Prisma.InputJsonValue,
      eventType: jsonOrNull(body.eventType),
      eventTypePrefix: body.eventTypePrefix ?? null,
      deduplicate: jsonOrNull(body.deduplicate),
      ingestRateLimitPerSecond: body.ingestRateLimitPerSecond,
    },
  });
  return sourceView(source, baseUrl);
}

export async function getSource(deps: DbDeps, id: string, baseUrl: string) {
  return sourceView(await findLiveSource(deps, id), baseUrl);
}

export async function listSources(deps: DbDeps, page: Pagination, baseUrl: string) {
  const rows = await deps.db.source.findMany(pageQuery(page, { deletedAt: null }));
  return toPage(rows, page.limit, (s) => sourceView(s, baseUrl));
}

export async function updateSource(deps: DbDeps & SecretDeps, id: string, body: UpdateSourceBody, baseUrl: string) {
  const current = await findLiveSource(deps, id);
  const verification = body.verification ?? (current.verification as SourceVerification);
  const eventType = body.eventType === undefined ? current.eventType : body.eventType;
  const prefix = body.eventTypePrefix === undefined ? current.eventTypePrefix : body.eventTypePrefix;
  assertRulesComplete(verification, eventType, prefix, conflictsWithCurrent);
  const data: Prisma.SourceUpdateInput = {
    ...(body.name !== undefined && { name: body.name }),
    ...(body.description !== undefined && { description: body.description }),
    ...(body.verification && { verification: sealVerification(deps.secretBox, id, body.verification) as Prisma.InputJsonValue, oldSecret: null, oldSecretUntil: null }),
    ...(body.eventType !== undefined && { eventType: jsonOrNull(body.eventType) }),
    ...(body.eventTypePrefix !== undefined && { eventTypePrefix: body.eventTypePrefix }),
    ...(body.deduplicate !== undefined && { deduplicate: jsonOrNull(body.deduplicate) }),
    ...(body.ingestRateLimitPerSecond !== undefined && { ingestRateLimitPerSecond: body.ingestRateLimitPerSecond }),
  };
  return sourceView(await deps.db.source.update({ where: { id }, data }), baseUrl);
}

/** Soft delete: /in/:id answers 404 from now on; its events stay. */
export async function deleteSource(deps: DbDeps, id: string) {
  await findLiveSource(deps, id);
  await deps.db.source.update({ where: { id }, data: { deletedAt: new Date() } });
  return { id, deleted: true as const };
}

/** A disabled source answers 503 with Retry-After, so providers keep the requests and retry later. */
export async function setSourceDisabled(deps: DbDeps, id: string, disabled: boolean, baseUrl: string) {
  await findLiveSource(deps, id);
  return sourceView(await deps.db.source.update({ where: { id }, data: { disabled } }), baseUrl);
}
