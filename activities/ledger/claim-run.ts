// Before each HTTP call: load the run and its endpoint, and move the run to `running` only if it is
// still deliverable. The conditional update is the gate that makes an API cancel win over a retry.
import { ApplicationFailure } from '@temporalio/activity';
import type { Db } from '../../src/db/prisma';
import { toStatusCodeOverrides } from '../../src/domain/status-overrides';
import type { SecretBox } from '../../src/domain/secret-box';
import { signingSecrets } from '../../src/domain/endpoint-secret';
import { FAILURE_TYPES } from '../../src/domain/task-run-input';
import type { RequestTarget } from '../build-request';

const DELIVERABLE = ['pending', 'retry_scheduled', 'running'] as const;

function runEnded(message: string, status: string): ApplicationFailure {
  return ApplicationFailure.create({ type: FAILURE_TYPES.runEnded, message, nonRetryable: true, details: [{ status }] });
}

export async function claimRunForAttempt(db: Db, secretBox: SecretBox, taskRunId: string, attemptNumber: number) {
  const run = await db.taskRun.findUnique({ where: { id: taskRunId }, include: { endpoint: true } });
  if (!run) throw runEnded(`task run ${taskRunId} does not exist`, 'failed');
  const { endpoint } = run;

  if (endpoint.deletedAt) {
    await db.taskRun.updateMany({
      where: { id: run.id, status: { in: [...DELIVERABLE] } },
      data: { status: 'failed', statusReason: 'endpoint deleted', finishedAt: new Date(), nextAttemptAt: null },
    });
    throw runEnded('endpoint deleted', 'failed');
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

  const claimed = await db.taskRun.updateMany({
    where: { id: run.id, status: { in: [...DELIVERABLE] } },
    data: { status: 'running', attemptCount: attemptNumber, nextAttemptAt: null },
  });
  if (claimed.count === 0) {
    const current = await db.taskRun.findUnique({ where: { id: run.id }, select: { status: true } });
    throw runEnded(`task run is ${current?.status ?? 'gone'}`, current?.status ?? 'failed');
  }

  const target: RequestTarget = {
    url: endpoint.url,
    method: endpoint.method,
    headers: endpoint.headers as Record<string, string>,
    timeoutMs: endpoint.timeoutMs,
    secrets: signingSecrets(secretBox, endpoint, new Date()),
  };
  return { run, endpoint: { ...target, id: endpoint.id, statusCodeOverrides: toStatusCodeOverrides(endpoint.statusCodeOverrides) } };
}
