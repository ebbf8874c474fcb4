// The audit log: one immutable record per control-plane change made through the API. It names who
// (the API key), what (action, resource, the names of the fields sent — never their values), when,
// and the request's trace id. Written by src/api/audit/audited.ts; read by full-scope keys.
import type { ListAuditEventsQuery } from '../contracts/audit-event';
import type { Pagination } from '../contracts/common';
import type { AuditEvent } from '../db/generated/client';
import type { Db } from '../db/prisma';
import { newId } from '../domain/node/ids';
import type { DbDeps } from './deps';
import { pageQuery, toPage } from './pagination';

export interface AuditEntry {
  actor: { type: 'api_key' | 'tenant_key' | 'portal_session'; keyId: string; name: string };
  action: string;
  resourceType: string;
  resourceId: string;
  changedFields: string[];
  traceId: string | null;
}

export async function recordAuditEvent(db: Db, e: AuditEntry): Promise<void> {
  await db.auditEvent.create({
    data: {
      id: newId('auditEvent'),
      actorType: e.actor.type,
      actorKeyId: e.actor.keyId,
      actorName: e.actor.name,
      action: e.action,
      resourceType: e.resourceType,
      resourceId: e.resourceId,
      changedFields: e.changedFields,
      traceId: e.traceId,
    },
  });
}

export function auditEventView(e: AuditEvent) {
  return {
    id: e.id,
    actor: { type: e.actorType, keyId: e.actorKeyId, name: e.actorName },
    action: e.action,
    resourceType: e.resourceType,
    resourceId: e.resourceId,
    changedFields: e.changedFields,
    traceId: e.traceId,
    createdAt: e.createdAt.toISOString(),
  };
}

export async function listAuditEvents(deps: DbDeps, page: Pagination, q: ListAuditEventsQuery) {
  const where = {
    ...(q.actorKeyId ? { actorKeyId: q.actorKeyId } : {}),
    ...(q.resourceId ? { resourceId: q.resourceId } : {}),
    ...(q.resourceType ? { resourceType: q.resourceType } : {}),
    ...(q.action ? { action: q.action } : {}),
    ...(q.from || q.to
      ? { createdAt: { ...(q.from ? { gte: new Date(q.from) } : {}), ...(q.to ? { lte: new Date(q.to) } : {}) } }
      : {}),
  };
  const rows = await deps.db.auditEvent.findMany(pageQuery(page, where));
  return toPage(rows, page.limit, auditEventView);
}
