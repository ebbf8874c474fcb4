// Auto-disable: an endpoint whose calls have all failed for the configured period (default 5 days,
// as Svix) is disabled. Its runs then end as dead letters with reason `endpoint_disabled` at their
// next try (delivery/claim-run.ts), replayable once it is resumed; its schedules' fires are skipped while it
// is not active; `edgecron.endpoint.disabled` is published for operators.
import { Context } from '@temporalio/activity';
import { ENDPOINT_DISABLED_EVENT_TYPE } from '../../src/domain/circuit';
import { publishEvent } from '../../src/services/publish-event';
import { holdEndpointSchedules } from '../../src/services/schedule-endpoint-sync';
import type { ActivityDeps } from '../deps';
import { endpointEventScope } from './endpoint-event-scope';

const DAY_MS = 24 * 3600 * 1000;

export function autoDisableReason(periodMs: number): string {
  const days = periodMs / DAY_MS;
  return `auto-disabled: every call failed for ${Number.isInteger(days) ? `${days} days` : `${Math.round(periodMs / 1000)} s`}`;
}

/**
 * A failed call: starts the endpoint's run of failures, and disables it once the run lasts the whole
 * period. A success ends the run (circuit-sql.ts `clearEndpointFailures`).
 */
export async function trackFailingSince(deps: ActivityDeps, endpointId: string): Promise<void> {
  const { db } = deps;
  const period = deps.autoDisableAfterMs ?? 0;
  const now = new Date(deps.now ? await deps.now() : Date.now());
  await db.endpoint.updateMany({ where: { id: endpointId, failingSince: null }, data: { failingSince: now } });
  if (period <= 0) return;
  const reason = autoDisableReason(period);
  const disabled = await db.endpoint.updateMany({
    where: { id: endpointId, status: { in: ['active', 'paused'] }, deletedAt: null, failingSince: { lte: new Date(now.getTime() - period) } },
    data: { status: 'disabled', statusReason: reason },
  });
  if (disabled.count === 0) return;
  deps.logger.warn({ endpointId, reason }, 'endpoint disabled');
  try {
    await publishEvent(deps, {
      type: ENDPOINT_DISABLED_EVENT_TYPE,
      payload: { endpointId, reason, at: now.toISOString() },
      idempotencyKey: `edgecron:endpoint-disabled:${endpointId}:${now.getTime()}`,
      ...(await endpointEventScope(db, endpointId)),
    });
  } catch (err) {
    deps.logger.warn({ endpointId, err: (err as Error).message }, 'could not publish the endpoint.disabled event');
  }
  await holdSchedulesOf(deps, endpointId);
}

/** A disabled endpoint's schedules are paused in Temporal, as a disable through the API does; best effort (every fire reads the endpoint and skips anyway). */
async function holdSchedulesOf(deps: ActivityDeps, endpointId: string): Promise<void> {
  try {
    const endpoint = await deps.db.endpoint.findUnique({ where: { id: endpointId } });
    if (!endpoint) return;
    // The activity's own client: Temporal is told with the same connection the worker runs on.
    const effect = await holdEndpointSchedules({ db: deps.db, logger: deps.logger, temporal: Context.current().client }, endpoint);
    if (effect.paused?.length || effect.failed?.length) deps.logger.warn({ endpointId, schedules: effect }, 'schedules of the disabled endpoint paused');
  } catch (err) {
    deps.logger.warn({ endpointId, err: (err as Error).message }, 'could not pause the schedules of the disabled endpoint');
  }
}
