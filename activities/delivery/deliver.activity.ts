// The delivery activity: at most one call (an HTTP request, or a send to a queue destination) per
// activity attempt, each written as one immutable Delivery Attempt. Attempts count calls only: the
// number is the ledger's (calls recorded + 1), the activity itself decides when the policy's calls are
// spent and spaces retries (nextRetryDelay), and Temporal's own RetryPolicy only retries our outages
// (database, worker crash), without limit.
// Read top to bottom: gate → claim → transform → build the request → call → decide → record → circuit and
// progress → settle. Each step is a file of this folder. A run that must wait (MustWait) is parked
// when its workflow can sleep (ParkableDelivery), and answers how long to sleep.
import { Context } from '@temporalio/activity';
import { CLAIM_DATABASE_WAIT_MS, RESULT_DATABASE_WAIT_MS } from '../../src/domain/delivery-timing';
import { newId } from '../../src/domain/node/ids';
import type { ParkableDelivery, ParkedDelivery, TaskRunInput } from '../../src/workflow-contracts/task-run-input';
import type { ActivityDeps } from '../deps';
import { createFlowLimitsReader } from '../flow/endpoint-flow-limits';
import type { FlowLease } from '../flow/flow-gate';
import { createWaitingMarker } from '../flow/mark-waiting';
import { createParking, MustWait } from '../flow/parking';
import { buildAttemptUpdate } from './build-attempt-update';
import { buildRequest } from './build-request';
import { claimRunForAttempt } from './claim-run';
import { createCircuitCounter } from './count-for-circuit';
import { decideCall } from './decide';
import { settleCall, settleRecordedCall, type DeliveryResult } from './delivery-failures';
import { createFlowGateEntry } from './enter-flow-gate';
import { startDeliverySpan } from './http/delivery-span';
import { keepAlive } from './keep-alive';
import { observeAttempt } from './observe-attempt';
import { recordAttempt } from './record-attempt';
import { announceRunning, reportProgress } from './report-progress';
import { createSenders } from './senders';
import { endByTransformation } from './transform/end-by-transformation';
import { eventTypeOf, transformDelivery } from './transform/transform-delivery';
import { destinationAddress } from '../../src/domain/node/destination-credentials';
import { parseAllowList } from '../../src/domain/node/address-policy';
import { untilDatabaseAnswers } from './wait-for-database';

export type { DeliveryResult };

export function createDeliverActivity(deps: ActivityDeps) {
  const { db, logger } = deps;
  const endpointFlow = deps.endpointFlow ?? createFlowLimitsReader(db);
  const waiting = createWaitingMarker(db, logger);
  const enterFlowGate = createFlowGateEntry(deps, endpointFlow, waiting);
  const parking = deps.parking ?? createParking(db, deps.handoff);
  const countForCircuit = createCircuitCounter(deps, endpointFlow, parking);
  const senders = deps.senders ?? createSenders(deps.dispatcher, parseAllowList(''));

  async function deliver(input: TaskRunInput): Promise<DeliveryResult> {
    const { lease, waited } = await enterFlowGate(input);
    try {
      return await deliverWithin(input, lease, waited);
    } finally {
      await lease.release();
    }
  }

  async function deliverWithin(input: TaskRunInput, lease: FlowLease, waited: boolean): Promise<DeliveryResult> {
    const claim = await untilDatabaseAnswers('claim', CLAIM_DATABASE_WAIT_MS, logger, () =>
      claimRunForAttempt(db, deps.secretBox, input.taskRunId, input.endpointId, input.retry.maxAttempts, waited),
    );
    if (claim.recorded) return settleRecordedCall(claim.recorded);
    const { run, endpoint, attemptNumber } = claim;
    waiting.forget(run.id);

    const startedAt = new Date();
    const nowSeconds = Math.floor(startedAt.getTime() / 1000);
    // The endpoint's transformation reshapes what is signed and sent, or ends the run with no call.
    const shaped = await transformDelivery(deps.transformer, endpoint, run, nowSeconds);
    if (shaped.kind !== 'send') return endByTransformation(db, run.id, shaped);
    const { target } = shaped;
    // A queue destination is recorded and traced by its address, with no HTTP method.
    const { destination } = target;
    const called = destination ? { url: destinationAddress(destination), method: null } : { url: target.url, method: target.method };
    const span = startDeliverySpan({ taskRunId: run.id, endpointId: endpoint.id, attemptNumber, method: destination?.type ?? target.method, url: called.url });
    const request = buildRequest(target, run.webhookId, shaped.payload, nowSeconds, deps.responseBodyCap, span.traceparent);

    const running = announceRunning(logger, run.id, attemptNumber);
    const call = await senders.send(destination, {
      request,
      endpointId: endpoint.id,
      endpointVersion: endpoint.updatedAt,
      webhookId: run.webhookId,
      orderingKey: run.orderingKey,
      eventType: eventTypeOf(run),
    });
    await lease.release(); // the slot is free as soon as the call ends, not once it is recorded
    await running.settle();
    const endedAt = new Date();

    const decision = decideCall({
      call,
      overrides: endpoint.statusCodeOverrides,
      policy: input.retry,
      attemptNumber,
      nowMs: endedAt.getTime(),
      random: Math.random(),
    });
    const { outcome } = decision;
    span.end({ statusCode: call.statusCode, errorKind: call.errorKind, success: outcome.decision === 'success' });

    const write = buildAttemptUpdate({ attemptId: newId('attempt'), run, endpointId: endpoint.id, attemptNumber, request: called, call, decision, traceId: span.traceId, startedAt, endedAt });
    // The call happened: its result stays in memory until the database takes it, so an outage
    // here neither loses the call nor makes it again.
    await untilDatabaseAnswers('recording the attempt', RESULT_DATABASE_WAIT_MS, logger, () => recordAttempt(db, write));

    await countForCircuit(endpoint.id, outcome.decision === 'success', outcome.decision === 'success' ? null : outcome.reason);
    observeAttempt(logger, {
      taskRunId: run.id,
      endpointId: endpoint.id,
      attemptNumber,
      traceId: span.traceId,
      statusCode: call.statusCode,
      errorKind: call.errorKind,
      latencyMs: call.latencyMs,
      decision: decision.recorded.decision,
      retryScheduled: decision.retryDelayMs !== undefined,
    });
    if (decision.retryDelayMs !== undefined) await reportProgress(logger, run.id, 'retry_scheduled');
    return settleCall(decision, attemptNumber, call.statusCode);
  }

  /** Parks the run: the workflow sleeps until the time returned or a wake-up. */
  async function park(input: ParkableDelivery, wait: MustWait): Promise<ParkedDelivery> {
    const workflowId = Context.current().info.workflowExecution?.workflowId;
    if (!workflowId) throw wait.legacy; // nobody to wake
    if (wait.wait.reason === 'fair_share') deps.flowGate.noteParkedForShare(wait.wait.flowKey);
    let parkedForMs = await untilDatabaseAnswers('parking', CLAIM_DATABASE_WAIT_MS, logger, () =>
      parking.park({ taskRunId: input.taskRunId, workflowId, endpointId: input.endpointId }, wait.wait),
    );
    // The worker's own share is in memory: a slot freed while the row was written is seen here.
    if (wait.wait.reason === 'fair_share' && deps.flowGate.hasRoom(wait.wait.flowKey)) parkedForMs = 0;
    return { parkedForMs };
  }

  return async function deliverActivity(input: TaskRunInput | ParkableDelivery): Promise<DeliveryResult | ParkedDelivery> {
    // Heartbeats while a call or a wait for the database lasts, so a dead worker is noticed in seconds.
    const alive = Context.current().info.heartbeatTimeoutMs ? keepAlive() : undefined;
    let parked = false;
    try {
      return await deliver(input);
    } catch (err) {
      if (!(err instanceof MustWait)) throw err;
      if (!('mayPark' in input)) throw err.legacy;
      const answer = await park(input, err);
      parked = true;
      return answer;
    } finally {
      alive?.stop();
      // It went (or ended): no longer parked. Best effort; a stale row only wakes a finished workflow.
      if (!parked && 'mayPark' in input && input.parked) await parking.unpark(input.taskRunId).catch(() => undefined);
    }
  };
}
