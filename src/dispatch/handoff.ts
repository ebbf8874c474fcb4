// What a service needs to hand accepted work over: wake the local dispatcher after a commit, and
// refuse new work while the outbox is over its limit (backpressure instead of unbounded growth).
import { DomainError } from '../domain/errors';
import type { Backlog } from './outbox-sql';

export interface Handoff {
  /** The queue accepted work is written for (TEMPORAL_TASK_QUEUE): that deployment's dispatchers start it. */
  taskQueue: string;
  nudge(): void;
  backlog(): Backlog;
  /** DISPATCH_BACKLOG_LIMIT */
  backlogLimit: number;
}

/** Seconds a caller is asked to wait when the backlog is full. */
const BACKLOG_RETRY_AFTER_SECONDS = 5;

export function assertBacklogRoom(h: Handoff): void {
  const { count } = h.backlog();
  if (count < h.backlogLimit) return;
  throw new DomainError(
    'unavailable',
    'Backlog full',
    `${count} accepted triggers are waiting for the workflow engine (limit ${h.backlogLimit}); nothing was changed. Retry shortly.`,
    [],
    BACKLOG_RETRY_AFTER_SECONDS,
  );
}
