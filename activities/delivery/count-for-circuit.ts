// After the call is recorded: count it for the endpoint's circuit breaker and announce an opening
// or closing. Best effort: the ledger already holds the call, so a failure here is logged only.
import type { ActivityDeps } from '../deps';
import { trackFailingSince } from '../flow/auto-disable';
import { announceCircuitClosed, countFailureForCircuit } from '../flow/circuit-events';
import { clearEndpointFailures } from '../flow/circuit-sql';
import type { createFlowLimitsReader } from '../flow/endpoint-flow-limits';
import type { Parking } from '../flow/parking';

export function createCircuitCounter(deps: ActivityDeps, endpointFlow: ReturnType<typeof createFlowLimitsReader>, parking: Parking) {
  const { db } = deps;
  return async function countForCircuit(endpointId: string, ok: boolean, failure: string | null): Promise<void> {
    try {
      // A success clears the circuit and auto-disable's clock in one statement; a failure counts for both.
      const change = ok ? await clearEndpointFailures(db, endpointId) : await countFailureForCircuit(deps, endpointId, failure);
      if (change.opened || change.closed) endpointFlow.noteCircuit(endpointId, change.opened);
      // The runs parked behind it may all go now.
      if (change.closed) await parking.circuitClosed(endpointId);
      await announceCircuitClosed(deps, endpointId, change);
      if (!ok) await trackFailingSince(deps, endpointId);
    } catch (err) {
      deps.logger.warn({ endpointId, err: (err as Error).message }, 'could not count the call for the circuit breaker');
    }
  };
}
