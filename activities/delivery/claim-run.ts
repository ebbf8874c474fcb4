// Before each HTTP call: move the run to `running` only if it is still deliverable and its endpoint
// active, and load the endpoint. The conditional update is the gate that makes an API cancel win over
// a retry. The attempt number comes from the ledger (calls recorded + 1), never from Temporal's
// attempt counter, so retries of our own outages spend no attempt; and a call already recorded that
// settles the run (its activity's end was lost) settles it again instead of calling once more.
import { ApplicationFailure, Context } from '@temporalio/activity';
import type { Db } from '../../src/db/prisma';
import { signingSecrets } from '../../src/domain/node/endpoint-secret';
import { openHeaders, openUrl } from '../../src/domain/node/endpoint-credentials';
import { openDestination } from '../../src/domain/node/destination-credentials';
import type { Destination } from '../../src/contracts/destinations';
import type { SecretBox } from '../../src/domain/node/secret-box';
import { toStatusCodeOverrides } from '../../src/domain/status-overrides';
import { FAILURE_TYPES } from '../../src/workflow-contracts/task-run-input';
import type { RequestTarget } from './build-request';
import type { RecordedCall } from './delivery-failures';
import { MustWait } from '../flow/parking';

const DELIVERABLE = ['pending', 'retry_scheduled', 'running'] as const;

function runEnded(message: string, status: string): ApplicationFailure {
  return ApplicationFailure.create({ type: FAILURE_TYPES.runEnded, message, nonRetryable: true, details: [{ status }] });
}

export const PAUSED_REASON = 'endpoint paused: held until it is resumed';

/** Looks again every few seconds, less often the longer the pause (2 s … 15 s): resume latency vs. load. */
function heldWhilePaused(): ApplicationFailure {
  let attempt = 1;
  try {
    attempt = Context.current().info.attempt;
  } catch {
    // outside an activity (unit use): first look
  }
  const delayMs = Math.min(15_000, 2_000 * 1.5 ** Math.min(attempt - 1, 6)) * (0.8 + Math.random() * 0.4);
  return ApplicationFailure.create({ type: FAILURE_TYPES.throttled, message: PAUSED_REASON, nextRetryDelay: Math.round(delayMs) });
}

const RECORDED_CALL = { attemptNumber: true, statusCode: true, decision: true, decisionReason: true } as const;

/** `waited`: the run waited for a delivery slot, so its status reason said so; the call clears it. */
export async function claimRunForAttempt(db: Db, secretBox: SecretBox, taskRunId: string, endpointId: string, maxAttempts: number, waited = false) {
  // Happy path in one round trip: the conditional claim (run deliverable, endpoint active and not
  // deleted) and the endpoint read go out together. Anything else falls through to find out why.
  const [claimedRows, endpointRow] = await Promise.all([
    db.taskRun.updateManyAndReturn({
      where: { id: taskRunId, status: { in: [...DELIVERABLE] }, endpoint: { is: { status: 'active', deletedAt: null } } },
      data: { status: 'running', nextAttemptAt: null, ...(waited && { statusReason: null }) },
    }),
    db.endpoint.findUnique({ where: { id: endpointId } }),
  ]);
  if (claimedRows.length === 0) return { recorded: await explainUnclaimable(db, taskRunId) };
  const run = claimedRows[0];
  // attemptCount = calls recorded. The last one may already settle the run (success, a permanent
  // failure, or the last call allowed): then no new call.
  if (run.attemptCount > 0) {
    const last = await db.deliveryAttempt.findUnique({
      where: { taskRunId_attemptNumber: { taskRunId, attemptNumber: run.attemptCount } },
      select: RECORDED_CALL,
    });
    if (last && (last.decision !== 'retry' || last.attemptNumber >= maxAttempts)) return { recorded: last };
    if (run.attemptCount >= maxAttempts) {
      return { recorded: { attemptNumber: run.attemptCount, statusCode: null, decision: 'retry', decisionReason: run.statusReason ?? 'no attempts left' } };
    }
  }
  // The workflow input names the run's endpoint; should the two ever disagree, the run wins.
  const endpoint =
    endpointRow?.id === run.endpointId ? endpointRow : await db.endpoint.findUniqueOrThrow({ where: { id: run.endpointId } });

  const target: RequestTarget = {
    // The real URL and header values: stored sealed, opened only to make the call.
    url: openUrl(secretBox, endpoint),
    method: endpoint.method,
    headers: openHeaders(secretBox, endpoint.id, endpoint.headers),
    timeoutMs: endpoint.timeoutMs,
    secrets: signingSecrets(secretBox, endpoint, new Date()),
    destination: endpoint.destination === null ? null : openDestination<Destination>(secretBox, endpoint.id, endpoint.destination),
  };
  return {
    attemptNumber: run.attemptCount + 1,
    run,
    endpoint: {
      ...target,
      id: endpoint.id,
      updatedAt: endpoint.updatedAt,
      statusCodeOverrides: toStatusCodeOverrides(endpoint.statusCodeOverrides),
      transformation: endpoint.transformationEnabled ? endpoint.transformationCode : null,
    },
  };
}

/**
 * Why a run could not be claimed: a run that already succeeded (its result was recorded, but Temporal
 * never heard) returns the call that succeeded; anything else throws the failure the workflow acts on.
 */
async function explainUnclaimable(db: Db, taskRunId: string): Promise<RecordedCall> {
  const run = await db.taskRun.findUnique({ where: { id: taskRunId }, include: { endpoint: true } });
  if (!run) throw runEnded(`task run ${taskRunId} does not exist`, 'failed');
  if (run.status === 'success') {
    const succeeded = await db.deliveryAttempt.findFirst({ where: { taskRunId, status: 'success' }, select: RECORDED_CALL });
    if (succeeded) return succeeded;
  }
  const { endpoint } = run;

  if (endpoint.deletedAt) {
    await db.taskRun.updateMany({
      where: { id: run.id, status: { in: [...DELIVERABLE] } },
      data: { status: 'failed', statusReason: 'endpoint deleted', finishedAt: new Date(), nextAttemptAt: null },
    });
    throw runEnded('endpoint deleted', 'failed');
  }
  if (endpoint.status === 'paused') {
    // Held, not dead-lettered: the run waits (no attempt spent) and goes out once the endpoint is resumed.
    await db.taskRun.updateMany({
      where: { id: run.id, status: { in: [...DELIVERABLE] } },
      data: { status: 'pending', statusReason: PAUSED_REASON, nextAttemptAt: null },
    });
    throw new MustWait({ reason: 'paused' }, heldWhilePaused());
  }
  if (endpoint.status !== 'active') {
    // Kept as a dead letter, not dropped: it can be replayed once the endpoint is resumed.
    throw ApplicationFailure.create({
      type: FAILURE_TYPES.permanent,
      message: `endpoint is ${endpoint.status}`,
      nonRetryable: true,
      details: [{ reason: `endpoint_${endpoint.status}` }],
    });
  }
  throw runEnded(`task run is ${run.status}`, run.status);
}
