// The purge: applies the retention rules in small batches until nothing is due or its time is up,
// and says where it stopped (a cursor) so the next call goes on from there. Every statement re-checks
// what it changes, so purges on several workers at once remove each row once.
import type { Db } from '../db/prisma';
import { idTimeFloor } from '../domain/node/ids';
import { daysBefore, type RetentionSettings } from '../domain/retention';
import { addRemoved, emptyRemoved, PURGE_RULES, PURGE_START, type PurgeCursor, type PurgeProgress, type PurgeRemoved, type PurgeRule } from '../domain/purge-progress';
import * as q from './purge-queries';

export interface PurgeOptions {
  /** The purge's clock: every cutoff is measured back from it (tests move it forward). */
  now: Date;
  batchSize: number;
  /** Stop starting batches after this wall-clock time (ms); the cursor says where to go on. */
  deadlineMs: number;
  cursor?: PurgeCursor;
  /** Called after every batch (metrics, heartbeats). */
  onBatch?: (rule: PurgeRule, removed: Partial<PurgeRemoved>) => void;
}

const ENDPOINT_PAGE = 500;
/** Deleting an event unlinks its runs: fewer per statement. */
const eventBatch = (batch: number) => Math.max(1, Math.floor(batch / 10));

async function ids(db: Db, sql: q.Sql): Promise<string[]> {
  const rows = await db.$queryRawUnsafe<Array<{ id: string }>>(sql.text, ...sql.values);
  return rows.map((r) => r.id);
}

const exec = (db: Db, sql: q.Sql) => db.$executeRawUnsafe(sql.text, ...sql.values);

interface Step {
  removed: Partial<PurgeRemoved>;
  /** True when this rule has nothing more due. */
  ruleDone: boolean;
  afterEndpointId?: string;
}

async function payloadStep(db: Db, s: RetentionSettings, o: PurgeOptions, afterEndpointId: string): Promise<Step> {
  const pageSql = q.endpointPage(afterEndpointId, ENDPOINT_PAGE);
  const page = await db.$queryRawUnsafe<Array<{ id: string; payloadRetentionDays: number | null }>>(pageSql.text, ...pageSql.values);
  if (page.length === 0) return { removed: {}, ruleDone: true };
  const cutoffs = page.map((e) => daysBefore(o.now, e.payloadRetentionDays ?? s.payloadDays).toISOString());
  const due = await ids(db, q.runsWithPayloadDue(page.map((e) => e.id), cutoffs, o.batchSize));
  const now = o.now.toISOString();
  const [payloads, responseBodies] = due.length
    ? await db.$transaction([exec(db, q.purgeRunPayloads(due, now)), exec(db, q.purgeResponseBodies(due, now))])
    : [0, 0];
  // A full batch: this page may hold more (unless nothing changed: rows it cannot purge must not stall it).
  // Otherwise the page is done: next page, or the rule is.
  if (due.length === o.batchSize && payloads > 0) return { removed: { payloads, responseBodies }, ruleDone: false, afterEndpointId };
  const last = page[page.length - 1].id;
  return { removed: { payloads, responseBodies }, ruleDone: page.length < ENDPOINT_PAGE, afterEndpointId: last };
}

async function deleteRunsStep(db: Db, o: PurgeOptions, select: q.Sql, deadLetters: boolean): Promise<Step> {
  const due = await ids(db, select);
  if (due.length === 0) return { removed: {}, ruleDone: true };
  const [attempts, runs] = await db.$transaction([exec(db, q.deleteAttemptsOfRuns(due)), exec(db, q.deleteRuns(due))]);
  // Nothing deleted from a full batch (rows the delete re-check refuses): move on rather than spin.
  return { removed: { attempts, runs, ...(deadLetters ? { deadLetters: runs } : {}) }, ruleDone: due.length < o.batchSize || runs === 0 };
}

async function step(db: Db, s: RetentionSettings, o: PurgeOptions, rule: PurgeRule, afterEndpointId: string): Promise<Step> {
  const now = o.now.toISOString();
  const eventCutoff = (days: number) => idTimeFloor('event', daysBefore(o.now, days).getTime());
  switch (rule) {
    case 'payloads':
      return payloadStep(db, s, o, afterEndpointId);
    case 'dead_letters':
      return deleteRunsStep(db, o, q.resolvedDeadLetterRuns(daysBefore(o.now, s.deadLetterDays).toISOString(), o.batchSize), true);
    case 'runs':
      return deleteRunsStep(db, o, q.finishedRunsDue(daysBefore(o.now, s.runDays).toISOString(), o.batchSize), false);
    case 'event_payloads': {
      const n = await exec(db, q.purgeEventPayloadsBefore(eventCutoff(s.payloadDays), o.batchSize, now));
      return { removed: { eventPayloads: n }, ruleDone: n < o.batchSize };
    }
    case 'idempotency_keys': {
      const cutoff = idTimeFloor('event', o.now.getTime() - s.idempotencyKeyHours * 3_600_000);
      const n = await exec(db, q.releaseIdempotencyKeysBefore(cutoff, o.batchSize));
      return { removed: { idempotencyKeys: n }, ruleDone: n < o.batchSize };
    }
    case 'events': {
      const limit = eventBatch(o.batchSize);
      const n = await exec(db, q.deleteEventsBefore(eventCutoff(s.eventDays), limit));
      // Sources' request logs keep as long as events do (counted with nothing: they are a log, not a record).
      const logged = await exec(db, q.deleteSourceRequestsBefore(idTimeFloor('sourceRequest', daysBefore(o.now, s.eventDays).getTime()), limit));
      return { removed: { events: n }, ruleDone: n < limit && logged < limit };
    }
  }
}

export async function purgeExpired(db: Db, settings: RetentionSettings, o: PurgeOptions): Promise<PurgeProgress> {
  const removed = emptyRemoved();
  let cursor = o.cursor ?? PURGE_START;
  while (cursor.rule < PURGE_RULES.length) {
    if (Date.now() >= o.deadlineMs) return { done: false, cursor, removed };
    const rule = PURGE_RULES[cursor.rule];
    const result = await step(db, settings, o, rule, cursor.afterEndpointId);
    addRemoved(removed, result.removed);
    o.onBatch?.(rule, result.removed);
    cursor = result.ruleDone
      ? { rule: cursor.rule + 1, afterEndpointId: '' }
      : { rule: cursor.rule, afterEndpointId: result.afterEndpointId ?? cursor.afterEndpointId };
  }
  return { done: true, cursor, removed };
}
