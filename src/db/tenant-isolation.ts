// Tenant isolation below the services: while a request acts for a tenant (tenant-scope.ts), every
// query on a tenant-owned model is narrowed to that tenant and every row it creates belongs to it.
// A service that forgets a filter still cannot read, change or create across tenants; another
// tenant's row simply does not exist (404). Raw SQL is not covered: those queries filter themselves.
import { DomainError } from '../domain/errors';
import type { PrismaClient } from './generated/client';
import { scopedTenantId } from './tenant-scope';

export const TENANT_OWNED_MODELS: ReadonlySet<string> = new Set(['Endpoint', 'Schedule', 'Event', 'TaskRun', 'DeadLetter', 'ApiKey', 'BulkReplay', 'Source']);

const FILTERED = new Set([
  'findUnique', 'findUniqueOrThrow', 'findFirst', 'findFirstOrThrow', 'findMany', 'count', 'aggregate', 'groupBy',
  'update', 'updateMany', 'updateManyAndReturn', 'delete', 'deleteMany', 'upsert',
]);

type Row = Record<string, unknown>;

function owned(data: Row, tenantId: string): Row {
  if (data.tenantId != null && data.tenantId !== tenantId) {
    // A service bug, not a user error: fail closed.
    throw new DomainError('not_found', 'Not found', 'The resource belongs to another tenant.');
  }
  return { ...data, tenantId };
}

export function isolateTenants(client: PrismaClient): PrismaClient {
  const extended = client.$extends({
    query: {
      $allModels: {
        async $allOperations({ model, operation, args, query }) {
          const tenantId = scopedTenantId();
          if (!tenantId || !TENANT_OWNED_MODELS.has(model)) return query(args);
          const a = { ...(args as Row) };
          if (FILTERED.has(operation)) a.where = { ...((a.where as Row | undefined) ?? {}), tenantId };
          if (operation === 'create') a.data = owned(a.data as Row, tenantId);
          if (operation === 'upsert') a.create = owned(a.create as Row, tenantId);
          if (operation === 'createMany' || operation === 'createManyAndReturn') {
            a.data = Array.isArray(a.data) ? (a.data as Row[]).map((d) => owned(d, tenantId)) : owned(a.data as Row, tenantId);
          }
          return query(a as typeof args);
        },
      },
    },
  });
  // A query-only extension keeps the client's API, so it keeps its type.
  return extended as unknown as PrismaClient;
}
