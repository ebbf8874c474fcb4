// The delivery activity: at most one HTTP call per activity attempt, each written as one immutable
// Delivery Attempt. Attempts count calls only: the number is the ledger's (calls recorded + 1), the
// activity itself decides when the policy's calls are spent and spaces retries (nextRetryDelay), and
// Temporal's own RetryPolicy only retries our outages (database, worker crash), without limit.
import { Context } from '@temporalio/activity';
import { decideOutcome, type Decision } from '../../src/domain/delivery-outcome';
import { circuitOpenReason } from '../../src/domain/circuit';
import { waitingReason } from '../../src/domain/flow-limits';
import { CLAIM_DATABASE_WAIT_MS, RESULT_DATABASE_WAIT_MS } from '../../src/domain/delivery-timing';
import { maskUrl } from '../../src/domain/node/endpoint-credentials';
import { newId } from '../../src/domain/node/ids';
import { parseRetryAfterMs } from '../../src/domain/retry-after';
import { planRetry } from '../../src/domain/retry-policy';
import type { TaskRunInput } from '../../src/workflow-contracts/task-run-input';
import { buildRequest, receiverRequestId } from './build-request';
import {
  circuitOpenFailure,
  exhaustedFailure,
  noAttemptsLeftReason,
  permanentFailure,
  retryFailure,
  settleRecordedCall,
  type DeliveryResult,
} from './delivery-failures';
import type { ActivityDeps } from '../deps';
import { trackFailingSince } from '../flow/auto-disable';
import { announceCircuitChange } from '../flow/circuit-events';
import { clearEndpointFailures, countCallForCircuit, passCircuit } from '../flow/circuit-sql';
import { createFlowLimitsReader } from '../flow/endpoint-flow-limits';
import type { FlowLease } from '../flow/flow-gate';
import { createWaitingMarker } from '../flow/mark-waiting';
import { startDeliverySpan } from './http/delivery-span';
import { sendWebhook } from './http/send-webhook';
import { keepAlive } from './keep-alive';
import { claimRunForAttempt } from './claim-run';
import { recordAttempt } from './record-attempt';
import { untilDatabaseAnswers } from './wait-for-database';
import { observeAttempt } from './observe-attempt';
import { announceRunning, reportProgress } from './report-progress';

export type { DeliveryResult };

export function createDeliverActivity(deps: ActivityDeps) {
  const { db } = deps;
  const endpointFlow = createFlowLimitsReader(db);
  const waiting = createWaitingMarker(db, deps.logger);

  /**
   * Waits for a delivery slot (circuit breaker, flow limits, fair share) before anything is claimed
   * or timed. An open circuit lets one probe call through per interval; other runs wait, unspent.
   */
  async function enterFlowGate(input: TaskRunInput): Promise<{ lease: FlowLease; waited: boolean }> {
    const { limits, circuitOpen } = await untilDatabaseAnswers('flow limits', CLAIM_DATABASE_WAIT_MS, deps.logger, () => endpointFlow.read(input.endpointId));
    let waited = false;
    if (circuitOpen) {
      const gate = await untilDatabaseAnswers('circuit', CLAIM_DATABASE_WAIT_MS, deps.logger, () => passCircuit(db, input.endpointId));
      if (!gate.pass) {
        await waiting.mark(input.taskRunId, circuitOpenReason(gate.nextProbeAt));
        throw circuitOpenFailure(gate.nextProbeAt, gate.probing);
      }
      if (!gate.probe) endpointFlow.noteCircuit(input.endpointId, false);
      waited = true;
    }
    const lease = await deps.flowGate.enter({ limits, taskRunId: input.taskRunId, timeoutMs: input.timeoutMs }, async (why) => {
      waited = true;
      await waiting.mark(input.taskRunId, waitingReason(limits, why));
    });
    return { lease, waited };
  }

  /** Counts the call for the endpoint's circuit breaker and announces an opening or closing. */
  async function countForCircuit(endpointId: string, ok: boolean, failure: string | null): Promise<void> {
    try {
      // A success clears the circuit and auto-disable's clock in one statement; a failure counts for both.
      const change = ok ? await clearEndpointFailures(db, endpointId) : await countCallForCircuit(db, endpointId, false, failure);
      if (change.opened || change.closed) endpointFlow.noteCircuit(endpointId, change.opened);
      await announceCircuitChange(deps, endpointId, change, failure);
      if (!ok) await trackFailingSince(deps, endpointId);
    } catch (err) {
      deps.logger.warn({ endpointId, err: (err as Error).message }, 'could not count the call for the circuit breaker');
    }
  }

  async function deliver(input: TaskRunInput): Promise<DeliveryResult> {
    const { lease, waited } = await enterFlowGate(input);
    try {
      return await deliverWithin(input, lease, waited);
    } finally {
      await lease.release();
    }
  }

  async function deliverWithin(input: TaskRunInput, lease: FlowLease, waited: boolean): Promise<DeliveryResult> {
    const claim = await untilDatabaseAnswers('claim', CLAIM_DATABASE_WAIT_MS, deps.logger, () =>
      claimRunForAttempt(db, deps.secretBox, input.taskRunId, input.endpointId, input.retry.maxAttempts, waited),
    );
    if (claim.recorded) return settleRecordedCall(claim.recorded);
    const { run, endpoint, attemptNumber } = claim;
    waiting.forget(run.id);

    const span = startDeliverySpan({ taskRunId: run.id, endpointId: endpoint.id, attemptNumber, method: endpoint.method, url: endpoint.url });
    const startedAt = new Date();
    const request = buildRequest(
      endpoint,
      run.webhookId,
      run.payload,
      Math.floor(startedAt.getTime() / 1000),
      deps.responseBodyCap,
      span.traceparent,
    );
    const running = announceRunning(deps.logger, run.id, attemptNumber);
    const call = await sendWebhook(request, deps.dispatcher);
    await lease.release(); // the slot is free as soon as the call ends, not once it is recorded
    await running.settle();
    const endedAt = new Date();
    const outcome = decideOutcome(call, endpoint.statusCodeOverrides);
    span.end({ statusCode: call.statusCode, errorKind: call.errorKind, success: outcome.decision === 'success' });
    const isLastAttempt = attemptNumber >= input.retry.maxAttempts;

    // Every retry is spaced here, by the call-based attempt number: the policy's delay, or the
    // receiver's Retry-After (seconds or HTTP date) capped by the policy's maximum interval.
    const retryDelayMs =
      outcome.decision === 'retry' && !isLastAttempt
        ? planRetry(input.retry, attemptNumber, parseRetryAfterMs(call.responseHeaders?.['retry-after'], endedAt.getTime()), Math.random()).delayMs
        : undefined;
    const exhausted = isLastAttempt && outcome.decision === 'retry';

    const row = {
      id: newId('attempt'),
      taskRunId: run.id,
      attemptNumber,
      trigger: run.trigger === 'replay' ? ('manual' as const) : ('scheduled' as const),
      status: outcome.decision === 'success' ? ('success' as const) : ('failed' as const),
      statusCode: call.statusCode ?? null,
      latencyMs: call.latencyMs,
      errorKind: call.errorKind ?? (outcome.decision === 'success' ? null : 'http'),
      errorMessage: call.errorMessage ?? (outcome.decision === 'success' ? null : outcome.reason),
      decision: exhausted ? 'dead_letter' : outcome.decision,
      decisionReason: exhausted ? noAttemptsLeftReason(outcome.reason, input.retry.maxAttempts) : outcome.reason,
      responseHeaders: call.responseHeaders ?? undefined,
      responseBody: call.responseBody ?? null,
      requestUrl: maskUrl(request.url), // never a credential in the ledger
      requestMethod: request.method,
      requestId: receiverRequestId(call.responseHeaders) ?? null,
      traceId: span.traceId,
      startedAt,
      endedAt,
    };

    const runUpdate =
      outcome.decision === 'success'
        ? { status: 'success' as const, finishedAt: endedAt, nextAttemptAt: null, statusReason: null }
        : retryDelayMs !== undefined
          ? { status: 'retry_scheduled' as const, nextAttemptAt: new Date(endedAt.getTime() + retryDelayMs), statusReason: outcome.reason }
          : { statusReason: outcome.reason }; // final failure: the workflow records the dead letter

    // The call happened: its result stays in memory until the database takes it, so an outage
    // here neither loses the call nor makes it again.
    await untilDatabaseAnswers('recording the attempt', RESULT_DATABASE_WAIT_MS, deps.logger, () =>
      recordAttempt(db, {
        row,
        runUpdate,
        disableEndpoint: outcome.decision === 'disable_endpoint' ? { endpointId: endpoint.id, reason: outcome.reason } : undefined,
      }),
    );

    await countForCircuit(endpoint.id, outcome.decision === 'success', outcome.decision === 'success' ? null : outcome.reason);

    observeAttempt(deps.logger, {
      taskRunId: run.id,
      endpointId: endpoint.id,
      attemptNumber,
      traceId: span.traceId,
      statusCode: call.statusCode,
      errorKind: call.errorKind,
      latencyMs: call.latencyMs,
      decision: row.decision as Decision,
      retryScheduled: retryDelayMs !== undefined,
    });

    if (outcome.decision === 'success') return { attemptNumber, statusCode: call.statusCode! };
    if (retryDelayMs !== undefined) {
      await reportProgress(deps.logger, run.id, 'retry_scheduled');
      throw retryFailure(outcome.reason, retryDelayMs);
    }
    if (exhausted) throw exhaustedFailure(outcome.reason);
    throw permanentFailure(outcome.reason, outcome.decision);
  }

  return async function deliverActivity(input: TaskRunInput): Promise<DeliveryResult> {
    // Heartbeats while a call or a wait for the database lasts, so a dead worker is noticed in seconds.
    const alive = Context.current().info.heartbeatTimeoutMs ? keepAlive() : undefined;
    try {
      return await deliver(input);
    } finally {
      alive?.stop();
    }
  };
}
