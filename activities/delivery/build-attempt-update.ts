// What one call writes to the ledger: its immutable Delivery Attempt row, the run's new state and,
// after a 410, the endpoint's. Pure: built from the decision and the call's facts (the attempt id
// comes in too), written by record-attempt.ts (test/unit-delivery-decision.test.ts).
import type { TaskRun } from '../../src/db/generated/client';
import { maskUrl } from '../../src/domain/node/endpoint-credentials';
import { receiverRequestId } from './build-request';
import type { CallDecision } from './decide';
import type { CallOutcome, WebhookRequest } from './http/send-webhook';
import type { AttemptWrite, RunUpdate } from './record-attempt';

export interface AttemptFacts {
  attemptId: string;
  run: Pick<TaskRun, 'id' | 'trigger'>;
  endpointId: string;
  attemptNumber: number;
  /** What was called: a queue destination's send has its address as `url` and no method. */
  request: { url: string; method: WebhookRequest['method'] | null };
  call: CallOutcome;
  decision: CallDecision;
  traceId: string;
  startedAt: Date;
  endedAt: Date;
}

export function buildAttemptUpdate(f: AttemptFacts): AttemptWrite {
  const { call, decision, endedAt } = f;
  const { outcome, recorded } = decision;
  const success = outcome.decision === 'success';
  const row: AttemptWrite['row'] = {
    id: f.attemptId,
    taskRunId: f.run.id,
    attemptNumber: f.attemptNumber,
    trigger: f.run.trigger === 'replay' ? 'manual' : 'scheduled',
    status: success ? 'success' : 'failed',
    statusCode: call.statusCode ?? null,
    latencyMs: call.latencyMs,
    errorKind: call.errorKind ?? (success ? null : 'http'),
    errorMessage: call.errorMessage ?? (success ? null : outcome.reason),
    decision: recorded.decision,
    decisionReason: recorded.reason,
    responseHeaders: call.responseHeaders ?? undefined,
    responseBody: call.responseBody ?? null,
    requestUrl: maskUrl(f.request.url), // never a credential in the ledger
    requestMethod: f.request.method,
    destinationResult: (call.destinationResult ?? null) as AttemptWrite['row']['destinationResult'],
    requestId: receiverRequestId(call.responseHeaders) ?? null,
    traceId: f.traceId,
    startedAt: f.startedAt,
    endedAt,
  };

  const runUpdate: RunUpdate = success
    ? { status: 'success', finishedAt: endedAt, nextAttemptAt: null, statusReason: null }
    : decision.retryDelayMs !== undefined
      ? { status: 'retry_scheduled', nextAttemptAt: new Date(endedAt.getTime() + decision.retryDelayMs), statusReason: outcome.reason }
      : { statusReason: outcome.reason }; // final failure: the workflow records the dead letter

  return {
    row,
    runUpdate,
    disableEndpoint: outcome.decision === 'disable_endpoint' ? { endpointId: f.endpointId, reason: outcome.reason } : undefined,
  };
}
