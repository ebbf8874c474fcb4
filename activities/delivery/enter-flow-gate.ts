// The first step of a delivery: a slot (circuit breaker, flow limits, fair share) before anything is
// claimed or timed. An open circuit lets one probe call through per interval; other runs wait, unspent.
import { circuitOpenReason } from '../../src/domain/circuit';
import { CLAIM_DATABASE_WAIT_MS } from '../../src/domain/delivery-timing';
import { waitingReason } from '../../src/domain/flow-limits';
import type { TaskRunInput } from '../../src/workflow-contracts/task-run-input';
import type { ActivityDeps } from '../deps';
import { passCircuit } from '../flow/circuit-sql';
import type { createFlowLimitsReader } from '../flow/endpoint-flow-limits';
import type { FlowLease } from '../flow/flow-gate';
import type { WaitingMarker } from '../flow/mark-waiting';
import { MustWait } from '../flow/parking';
import { circuitOpenFailure } from './delivery-failures';
import { untilDatabaseAnswers } from './wait-for-database';

/** `waited`: the run waited for its slot, so its status reason says so until the call clears it. */
export interface GateEntry {
  lease: FlowLease;
  waited: boolean;
}

export function createFlowGateEntry(deps: ActivityDeps, endpointFlow: ReturnType<typeof createFlowLimitsReader>, waiting: WaitingMarker) {
  const { db } = deps;
  return async function enterFlowGate(input: TaskRunInput): Promise<GateEntry> {
    const { limits, circuitOpen } = await untilDatabaseAnswers('flow limits', CLAIM_DATABASE_WAIT_MS, deps.logger, () => endpointFlow.read(input.endpointId));
    let waited = false;
    if (circuitOpen) {
      const gate = await untilDatabaseAnswers('circuit', CLAIM_DATABASE_WAIT_MS, deps.logger, () => passCircuit(db, input.endpointId));
      if (!gate.pass) {
        await waiting.mark(input.taskRunId, circuitOpenReason(gate.nextProbeAt));
        throw new MustWait({ reason: 'circuit' }, circuitOpenFailure(gate.nextProbeAt, gate.probing));
      }
      if (!gate.probe) endpointFlow.noteCircuit(input.endpointId, false);
      waited = true;
    }
    const lease = await deps.flowGate.enter({ limits, taskRunId: input.taskRunId, timeoutMs: input.timeoutMs }, async (why) => {
      waited = true;
      await waiting.mark(input.taskRunId, waitingReason(limits, why));
    });
    return { lease, waited };
  };
}
