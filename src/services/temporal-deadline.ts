// Temporal calls made while a user waits get a deadline (src/temporal/deadline.ts): the API answers
// 503 + Retry-After in under 2 s and the caller's transaction rolls back.
import { DomainError } from '../domain/errors';
import { withTemporalBudget } from '../temporal/deadline';
import type { TemporalDeps } from './deps';

/**
 * All Temporal calls of one write, together: leaves room inside the 2 s promise for the database work
 * around them on a busy machine, and is still many times what a healthy Temporal needs for a schedule call.
 */
export const TEMPORAL_WRITE_BUDGET_MS = 1200;
/** A read that can answer from the database instead (schedule views) waits less. */
export const TEMPORAL_READ_BUDGET_MS = 1000;
/** What a 503 tells the caller to wait before trying again. */
export const TEMPORAL_RETRY_AFTER_SECONDS = 5;

/** 503 + Retry-After for a schedule change Temporal could not take; the cause goes to the log only. */
export const scheduleTemporalUnavailable = (what: string) =>
  new DomainError(
    'unavailable',
    'Temporal unavailable',
    `Temporal, which runs schedules, did not accept the ${what}; nothing was changed. Retry shortly.`,
    [],
    TEMPORAL_RETRY_AFTER_SECONDS,
  );

/** A bounded schedule write: any failure (refused, frozen, rejected) becomes a 503 the caller can retry. */
export async function temporalScheduleWrite<T>(deps: TemporalDeps, what: string, call: () => Promise<T>): Promise<T> {
  try {
    return await withTemporalBudget(deps, TEMPORAL_WRITE_BUDGET_MS, call);
  } catch (err) {
    deps.logger.error({ err }, `temporal schedule ${what} failed`);
    throw scheduleTemporalUnavailable(what);
  }
}
