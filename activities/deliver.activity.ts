// The delivery activity: one HTTP call per Temporal activity attempt, each written as one immutable
// Delivery Attempt. Temporal's retry of this activity is the Retry Job.
import { ApplicationFailure, Context } from '@temporalio/activity';
import { decideOutcome, type Decision } from '../src/domain/delivery-outcome';
import { maskUrl } from '../src/domain/endpoint-credentials';
import { newId } from '../src/domain/ids';
import { parseRetryAfterMs } from '../src/domain/retry-after';
import { planRetry, type RetryPlan } from '../src/domain/retry-policy';
import { FAILURE_TYPES, type TaskRunInput } from '../src/domain/task-run-input';
import { buildRequest, receiverRequestId } from './build-request';
import type { ActivityDeps } from './deps';
import { startDeliverySpan } from './http/delivery-span';
import { sendWebhook } from './http/send-webhook';
import { observeAttempt } from './observe-attempt';
import { announceRunning, reportProgress } from './report-progress';
import { claimRunForAttempt } from './ledger/claim-run';

export interface DeliveryResult {
  attemptNumber: number;
  statusCode: number;
}

export function createDeliverActivity(deps: ActivityDeps) {
  const { db } = deps;

  return async function deliverActivity(input: TaskRunInput): Promise<DeliveryResult> {
    const attemptNumber = Context.current().info.attempt;
    const claim = await claimRunForAttempt(db, deps.secretBox, input.taskRunId, attemptNumber, input.endpointId);
    const { run, endpoint } = claim;

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
    await running.settle();
    const endedAt = new Date();
    const outcome = decideOutcome(call, endpoint.statusCodeOverrides);
    span.end({ statusCode: call.statusCode, errorKind: call.errorKind, success: outcome.decision === 'success' });
    const isLastAttempt = attemptNumber >= input.retry.maxAttempts;

    // Retry-After (seconds or HTTP date) wins over the policy, capped by its maximum interval.
    let retry: RetryPlan | undefined;
    if (outcome.decision === 'retry' && !isLastAttempt) {
      const retryAfter = parseRetryAfterMs(call.responseHeaders?.['retry-after'], endedAt.getTime());
      retry = planRetry(input.retry, attemptNumber, retryAfter, Math.random());
    }
    const retryDelayMs = retry?.delayMs;

    const attemptRow = {
      id: newId('attempt'),
      taskRunId: run.id,
      attemptNumber,
      trigger: run.trigger === 'replay' ? ('manual' as const) : ('scheduled' as const),
      status: outcome.decision === 'success' ? ('success' as const) : ('failed' as const),
      statusCode: call.statusCode ?? null,
      latencyMs: call.latencyMs,
      errorKind: call.errorKind ?? (outcome.decision === 'success' ? null : 'http'),
      errorMessage: call.errorMessage ?? (outcome.decision === 'success' ? null : outcome.reason),
      decision: isLastAttempt && outcome.decision === 'retry' ? 'dead_letter' : outcome.decision,
      decisionReason: isLastAttempt && outcome.decision === 'retry'
        ? `${outcome.reason}; no attempts left (${input.retry.maxAttempts})`
        : outcome.reason,
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

    await db.$transaction([
      // skipDuplicates: a retried write of the same attempt number is a no-op (idempotent).
      db.deliveryAttempt.createMany({ data: [attemptRow], skipDuplicates: true }),
      db.taskRun.updateMany({ where: { id: run.id, status: 'running' }, data: runUpdate }),
      ...(outcome.decision === 'disable_endpoint'
        ? [db.endpoint.update({ where: { id: endpoint.id }, data: { status: 'disabled', statusReason: outcome.reason } })]
        : []),
    ]);

    observeAttempt(deps.logger, {
      taskRunId: run.id,
      endpointId: endpoint.id,
      attemptNumber,
      traceId: span.traceId,
      statusCode: call.statusCode,
      errorKind: call.errorKind,
      latencyMs: call.latencyMs,
      decision: attemptRow.decision as Decision,
      retryScheduled: retryDelayMs !== undefined,
    });

    if (outcome.decision === 'success') return { attemptNumber, statusCode: call.statusCode! };
    if (outcome.decision === 'retry') {
      if (retryDelayMs !== undefined) await reportProgress(deps.logger, run.id, 'retry_scheduled');
      // Exponential and fixed spacing come from the activity's RetryPolicy; linear, Retry-After and
      // jitter override it here.
      throw ApplicationFailure.create({
        type: FAILURE_TYPES.retryable,
        message: outcome.reason,
        nextRetryDelay: retry?.overridesTemporal ? retry.delayMs : undefined,
        details: [{ reason: 'attempts_exhausted' }],
      });
    }
    throw ApplicationFailure.create({
      type: FAILURE_TYPES.permanent,
      message: outcome.reason,
      nonRetryable: true,
      details: [{ reason: outcome.decision === 'disable_endpoint' ? 'endpoint_gone' : 'permanent_failure' }],
    });
  };
}
