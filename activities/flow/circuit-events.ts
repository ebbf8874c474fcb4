// Operational events: a circuit that opens or closes is published as a system event
// (`edgecron.endpoint.circuit_opened` / `circuit_closed`), fanned out like any event, so operators
// can subscribe. Best effort: the delivery never fails because an announcement did.
import { CIRCUIT_CLOSED_EVENT_TYPE, CIRCUIT_OPENED_EVENT_TYPE } from '../../src/domain/circuit';
import { publishEvent } from '../../src/services/publish-event';
import type { ActivityDeps } from '../deps';
import type { CircuitChange } from './circuit-sql';
import { endpointEventScope } from './endpoint-event-scope';

export async function announceCircuitChange(deps: ActivityDeps, endpointId: string, change: CircuitChange, lastFailure: string | null): Promise<void> {
  if (!change.opened && !change.closed) return;
  const type = change.opened ? CIRCUIT_OPENED_EVENT_TYPE : CIRCUIT_CLOSED_EVENT_TYPE;
  try {
    const at = new Date();
    await publishEvent(deps, {
      type,
      payload: { endpointId, at: at.toISOString(), ...(change.opened ? { openedAt: change.openedAt?.toISOString() ?? null, lastFailure } : {}) },
      idempotencyKey: `edgecron:${type}:${endpointId}:${change.opened ? change.openedAt?.getTime() : at.getTime()}`,
      ...(await endpointEventScope(deps.db, endpointId)),
    });
    deps.logger.warn({ endpointId, event: type }, change.opened ? 'circuit opened' : 'circuit closed');
  } catch (err) {
    deps.logger.warn({ endpointId, event: type, err: (err as Error).message }, 'could not publish the circuit event');
  }
}
