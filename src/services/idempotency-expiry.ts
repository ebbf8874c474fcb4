// An idempotency key holds for IDEMPOTENCY_KEY_TTL_HOURS (README "Retention"). Checked when the key is
// used again, so expiry is exact even before the purge has released the key: the old event lets go
// of it and the publish goes on as a new event.
import type { Event } from '../db/generated/client';
import { idempotencyKeyExpired } from '../domain/retention';
import type { DbDeps } from './deps';

/** True when `existing` held the key past its time and has now let go of it. */
export async function releaseExpiredKey(deps: DbDeps, existing: Event, keyHours: number, now = new Date()): Promise<boolean> {
  if (!idempotencyKeyExpired(existing.createdAt, now, keyHours)) return false;
  // Conditional: two publishes of one expired key both go on, and the unique key lets one event win.
  await deps.db.event.updateMany({ where: { id: existing.id, idempotencyKey: existing.idempotencyKey }, data: { idempotencyKey: null } });
  return true;
}
