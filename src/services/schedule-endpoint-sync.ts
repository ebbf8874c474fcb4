// An endpoint's state decides whether its schedules fire: pausing it pauses them in Temporal, resuming it
// resumes those the user had not paused themselves, deleting it deletes them. Returns what happened, for
// the endpoint API's response. All of one request's Temporal calls share one deadline.
//
// When Temporal cannot be told in time:
// - pause and delete still happen: the endpoint row has the last word (every fire reads it and skips
//   while the endpoint is paused or deleted), and a pause must work during an outage, since it is how a
//   user stops deliveries to a receiver in trouble. The answer lists under `failed` the schedules
//   Temporal did not hear about; the endpoint's next resume sets them all again.
// - resume is refused (503 + Retry-After) and the endpoint stays paused: otherwise its schedules would
//   stay paused in Temporal with nothing to wake them. See resumeEndpointSchedules.
import type { Endpoint, Prisma, Schedule } from '../db/generated/client';
import type { DbDeps, TemporalDeps } from './deps';
import { schedulesHoldKey } from '../dispatch/start-request';
import { deleteTemporalSchedule, setTemporalPaused, temporalPauseState } from './schedule-temporal';
import { withTemporalBudget } from '../temporal/deadline';
import { scheduleTemporalUnavailable, TEMPORAL_WRITE_BUDGET_MS } from './temporal-deadline';

export interface EndpointScheduleEffect {
  /** Schedules now held because the endpoint is not active. */
  paused?: string[];
  /** Schedules firing again. */
  resumed?: string[];
  /** Schedules that stay paused because the user paused them. */
  stillPaused?: string[];
  deleted?: string[];
  /** Schedules Temporal could not be told about (logged; their fires skip while the endpoint is not active). */
  failed?: string[];
}

/** Calls in flight at once: an endpoint with many schedules still fits in the deadline. */
const PARALLEL_CALLS = 10;

/**
 * Runs `call` for each schedule id within one Temporal deadline; returns the ids it succeeded for.
 * Past the deadline the rest count as failed (a call still pending then fails on its own gRPC deadline).
 */
async function eachWithinBudget(deps: TemporalDeps, ids: string[], what: string, call: (id: string) => Promise<void>): Promise<Set<string>> {
  const succeeded = new Set<string>();
  try {
    await withTemporalBudget(deps, TEMPORAL_WRITE_BUDGET_MS, async () => {
      for (let i = 0; i < ids.length; i += PARALLEL_CALLS) {
        await Promise.all(ids.slice(i, i + PARALLEL_CALLS).map(async (id) => {
          try {
            await call(id);
            succeeded.add(id);
          } catch (err) {
            deps.logger.error({ err, scheduleId: id }, `could not ${what}`);
          }
        }));
      }
    });
  } catch (err) {
    deps.logger.error({ err: (err as Error).message }, `temporal did not answer in time to ${what}`);
  }
  return new Set(succeeded); // a snapshot: nothing still running past the deadline counts
}

async function liveSchedules(db: Prisma.TransactionClient, endpointId: string): Promise<Schedule[]> {
  return db.schedule.findMany({ where: { endpointId, deletedAt: null }, orderBy: { id: 'asc' } });
}

/** After a pause (or a disable): holds the endpoint's schedules in Temporal, best effort. */
export async function holdEndpointSchedules(deps: DbDeps & TemporalDeps, endpoint: Endpoint): Promise<EndpointScheduleEffect> {
  const rows = await liveSchedules(deps.db, endpoint.id);
  const byId = new Map(rows.map((r) => [r.id, r]));
  const done = await eachWithinBudget(deps, [...byId.keys()], 'apply endpoint state to schedule', (id) =>
    setTemporalPaused(deps, id, temporalPauseState(byId.get(id)!, endpoint)),
  );
  const failed = rows.filter((r) => !done.has(r.id)).map((r) => r.id);
  return { paused: rows.filter((r) => done.has(r.id)).map((r) => r.id), ...(failed.length ? { failed } : {}) };
}

/**
 * Inside the transaction that makes the endpoint active: resumes its schedules in Temporal (those the user
 * paused stay paused) or throws 503, which rolls the endpoint back to paused. Schedules Temporal already
 * resumed before it failed fire and skip (the endpoint is still paused) until the retry sets them all.
 */
export async function resumeEndpointSchedules(deps: TemporalDeps, tx: Prisma.TransactionClient, endpoint: Endpoint): Promise<EndpointScheduleEffect> {
  // A hold of an auto-disable not yet carried out must not pause them again after this resume.
  await tx.$executeRaw`DELETE FROM "PendingStart" WHERE "key" = ${schedulesHoldKey(endpoint.id)}`;
  const rows = await liveSchedules(tx, endpoint.id);
  const byId = new Map(rows.map((r) => [r.id, r]));
  const done = await eachWithinBudget(deps, [...byId.keys()], 'resume schedule of resumed endpoint', (id) =>
    setTemporalPaused(deps, id, temporalPauseState(byId.get(id)!, endpoint)),
  );
  if (done.size < rows.length) throw scheduleTemporalUnavailable('endpoint resume (its schedules could not be resumed)');
  return {
    resumed: rows.filter((r) => !temporalPauseState(r, endpoint).paused).map((r) => r.id),
    stillPaused: rows.filter((r) => temporalPauseState(r, endpoint).paused).map((r) => r.id),
  };
}

export async function deleteEndpointSchedules(deps: DbDeps & TemporalDeps, endpointId: string): Promise<EndpointScheduleEffect> {
  const rows = await liveSchedules(deps.db, endpointId);
  const ids = rows.map((r) => r.id);
  const done = await eachWithinBudget(deps, ids, 'delete temporal schedule of deleted endpoint', (id) => deleteTemporalSchedule(deps, id));
  const failed = ids.filter((id) => !done.has(id));
  // Rows are marked deleted either way: a leftover Temporal Schedule's fires find them deleted and skip.
  await deps.db.schedule.updateMany({ where: { endpointId, deletedAt: null }, data: { deletedAt: new Date() } });
  return { deleted: ids, ...(failed.length ? { failed } : {}) };
}
