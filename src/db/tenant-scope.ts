// The tenant a request acts for, carried through its async calls. Set once per request by the API's
// tenant gate (src/api/security/tenant-gate.ts) for tenant keys and portal sessions; read by the
// database's tenant isolation (tenant-isolation.ts) and by the few raw SQL queries. Unset: the
// installation's own keys, the worker, the dispatcher — they see every tenant.
import { AsyncLocalStorage } from 'node:async_hooks';

const storage = new AsyncLocalStorage<{ tenantId: string }>();

export function runAsTenant<T>(tenantId: string, fn: () => T): T {
  return storage.run({ tenantId }, fn);
}

/** Work a request starts but that serves everyone (the dispatcher's round) must not inherit its tenant. */
export function outsideTenantScope<T>(fn: () => T): T {
  return storage.exit(fn);
}

export function scopedTenantId(): string | undefined {
  return storage.getStore()?.tenantId;
}
