// Auto-disable: an endpoint whose calls have all failed for the configured period (default 5 days,
// as Svix) is disabled. Its runs then end as dead letters with reason `endpoint_disabled` at their
// next try (delivery/claim-run.ts), replayable once it is resumed; its schedules are paused in Temporal
// (and their fires skip while it is not active anyway); `edgecron.endpoint.disabled` is published for operators.
import { enqueueStart } from '../../src/dispatch/enqueue-start';
import { ENDPOINT_DISABLED_EVENT_TYPE } from '../../src/domain/circuit';
import { temporalPauseState } from '../../src/services/schedule-temporal';
import { storeSystemEvent } from '../../src/services/system-event';
import type { ActivityDeps } from '../deps';

const DAY_MS = 24 * 3600 * 1000;

export function autoDisableReason(periodMs: number): string {
  const days = periodMs / DAY_MS;
  return `auto-disabled: every call failed for ${Number.isInteger(days) ? `${days} days` : `${Math.round(periodMs / 1000)} s`}`;
}

/**
 * A failed call: starts the endpoint's run of failures, and disables it once the run lasts the whole
 * period. A success ends the run (circuit-sql.ts `clearEndpointFailures`). The disable, its
 * `edgecron.endpoint.disabled` event and the pause of its schedules in Temporal (an outbox row the
 * dispatcher carries out) commit in one transaction: a crash after it loses none of them, one before it
 * leaves the endpoint to be disabled by its next failure.
 */
export async function trackFailingSince(deps: ActivityDeps, endpointId: string): Promise<void> {
  const { db } = deps;
  const period = deps.autoDisableAfterMs ?? 0;
  const now = new Date(deps.now ? await deps.now() : Date.now());
  await db.endpoint.updateMany({ where: { id: endpointId, failingSince: null }, data: { failingSince: now } });
  if (period <= 0) return;
  const reason = autoDisableReason(period);
  const disabled = await db.$transaction(async (tx) => {
    const changed = await tx.endpoint.updateManyAndReturn({
      where: { id: endpointId, status: { in: ['active', 'paused'] }, deletedAt: null, failingSince: { lte: new Date(now.getTime() - period) } },
      data: { status: 'disabled', statusReason: reason },
    });
    if (changed.length === 0) return false;
    const endpoint = changed[0];
    await storeSystemEvent(tx, deps.handoff.taskQueue, {
      type: ENDPOINT_DISABLED_EVENT_TYPE,
      payload: { endpointId, reason, at: now.toISOString() },
      tenantId: endpoint.tenantId,
    });
    const schedules = await tx.schedule.findMany({ where: { endpointId, deletedAt: null }, orderBy: { id: 'asc' } });
    if (schedules.length > 0) {
      const hold = schedules.map((row) => ({ id: row.id, note: temporalPauseState(row, endpoint).note ?? reason }));
      await enqueueStart(tx, deps.handoff.taskQueue, { kind: 'schedules_hold', endpointId, schedules: hold });
    }
    return true;
  });
  if (!disabled) return;
  deps.handoff.nudge();
  deps.logger.warn({ endpointId, reason }, 'endpoint disabled');
}
