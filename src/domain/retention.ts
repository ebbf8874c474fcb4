// What EdgeCron keeps and for how long (README "Retention"). Pure module: the purge activity, the API
// (idempotency expiry, history links) and the docs read the same numbers.

const DAY_MS = 86_400_000;
const HOUR_MS = 3_600_000;

export interface RetentionSettings {
  /** Finished runs' payloads and their attempts' response bodies, events' payloads (an endpoint may override). */
  payloadDays: number;
  /** Finished runs and their attempts (metadata). A dead-lettered run follows its dead letter instead. */
  runDays: number;
  /** Events. */
  eventDays: number;
  /** Dead letters once replayed or discarded (open ones stay), with their run and its attempts. */
  deadLetterDays: number;
  /** How long an idempotency key holds. */
  idempotencyKeyHours: number;
}

export const DEFAULT_RETENTION: RetentionSettings = {
  payloadDays: 30,
  runDays: 90,
  eventDays: 90,
  deadLetterDays: 30,
  idempotencyKeyHours: 24,
};

/** TEMPORAL_WORKFLOW_RETENTION_DAYS's default: what the dev server and a new cluster namespace are given. */
export const DEFAULT_WORKFLOW_RETENTION_DAYS = 3;

export const daysBefore = (now: Date, days: number) => new Date(now.getTime() - days * DAY_MS);

/** True once a key used at `usedAt` no longer holds at `now`. */
export function idempotencyKeyExpired(usedAt: Date, now: Date, hours: number): boolean {
  return now.getTime() - usedAt.getTime() >= hours * HOUR_MS;
}

/** When Temporal drops a closed workflow's history; null while the workflow may still be running. */
export function historyExpiresAt(finishedAt: Date | null, retentionDays: number): Date | null {
  return finishedAt ? new Date(finishedAt.getTime() + retentionDays * DAY_MS) : null;
}
