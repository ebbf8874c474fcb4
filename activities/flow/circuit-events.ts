// Operational events: a circuit that opens or closes is published as a system event
// (`edgecron.endpoint.circuit_opened` / `circuit_closed`), fanned out like any event, so operators
// can subscribe. An opening is stored in the transaction that counts the failure which opens it, so
// the two commit together. A closing comes from a success's single statement (circuit-sql.ts
// `clearEndpointFailures`, kept to one statement because every success runs it): it is announced
// right after, best effort. The delivery never fails because an announcement did.
import { CIRCUIT_CLOSED_EVENT_TYPE, CIRCUIT_OPENED_EVENT_TYPE } from '../../src/domain/circuit';
import { publishEvent } from '../../src/services/publish-event';
import type { ActivityDeps } from '../deps';
import { countCallForCircuit, type CircuitChange } from './circuit-sql';
import { storeSystemEvent } from '../../src/services/system-event';
import { endpointEventScope } from './endpoint-event-scope';

/** Announces a closing (an opening is stored by countFailureForCircuit). */
export async function announceCircuitClosed(deps: ActivityDeps, endpointId: string, change: CircuitChange): Promise<void> {
  if (!change.closed) return;
  try {
    const at = new Date();
    await publishEvent(deps, {
      type: CIRCUIT_CLOSED_EVENT_TYPE,
      payload: { endpointId, at: at.toISOString() },
      idempotencyKey: `edgecron:${CIRCUIT_CLOSED_EVENT_TYPE}:${endpointId}:${at.getTime()}`,
      ...(await endpointEventScope(deps.db, endpointId)),
    });
    deps.logger.warn({ endpointId, event: CIRCUIT_CLOSED_EVENT_TYPE }, 'circuit closed');
  } catch (err) {
    deps.logger.warn({ endpointId, event: CIRCUIT_CLOSED_EVENT_TYPE, err: (err as Error).message }, 'could not publish the circuit event');
  }
}

/** A failed call counted and, when it opens the circuit, `circuit_opened` stored with it: one transaction. */
export async function countFailureForCircuit(deps: ActivityDeps, endpointId: string, failure: string | null): Promise<CircuitChange> {
  const change = await deps.db.$transaction(async (tx) => {
    const counted = await countCallForCircuit(tx, endpointId, failure);
    if (!counted.opened) return counted;
    const endpoint = await tx.endpoint.findUnique({ where: { id: endpointId }, select: { tenantId: true } });
    await storeSystemEvent(tx, deps.handoff.taskQueue, {
      type: CIRCUIT_OPENED_EVENT_TYPE,
      payload: { endpointId, at: new Date().toISOString(), openedAt: counted.openedAt?.toISOString() ?? null, lastFailure: failure },
      tenantId: endpoint?.tenantId ?? null,
    });
    return counted;
  });
  if (change.opened) {
    deps.handoff.nudge();
    deps.logger.warn({ endpointId, event: CIRCUIT_OPENED_EVENT_TYPE }, 'circuit opened');
  }
  return change;
}
