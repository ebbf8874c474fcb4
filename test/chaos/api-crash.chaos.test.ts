// The API killed with SIGKILL right after it committed a task run and before any workflow was started
// (a test-only fault point): the caller gets no answer, but the accepted run is in the outbox, and the
// next dispatcher that sweeps — here the restarted API — starts it; the run is delivered once.
import { afterAll, beforeAll, expect, it } from 'vitest';
import { startReceiver } from '../helpers/receiver';
import { startChaosStack, type ChaosStack } from './helpers/chaos-stack';
import { apiClient, report, waitAllFinal } from './helpers/client';
import { createEndpoint } from './helpers/endpoints';
import { WorkflowNotFoundError } from '@temporalio/client';

let stack: ChaosStack;
// The children get a task queue of their own, so the stack's in-process API (another queue) never
// dispatches what they accepted: only the restarted API can.
const QUEUE = { TEMPORAL_TASK_QUEUE: 'edgecron-chaos-api-crash-children' };

beforeAll(async () => {
  stack = await startChaosStack('api-crash');
});

afterAll(async () => {
  await stack?.stop();
});

it('the API killed between commit and workflow start: the run is delivered after the API restarts', async () => {
  const receiver = await startReceiver();
  const crashing = await stack.startApi({ ...QUEUE, EDGECRON_TEST_FAULT: 'crash_after_commit' });
  const api = apiClient(crashing.url);
  const endpoint = await createEndpoint(api, { url: receiver.url });
  receiver.secret = endpoint.secret;

  const answer = await api('POST', '/v1/task-runs', { endpointId: endpoint.id, payload: { crash: 'after-commit' } }).then(
    (res) => `${res.status}`,
    (err: Error & { cause?: { code?: string } }) => err.cause?.code ?? err.message,
  );
  const exit = await crashing.exited;
  const run = await stack.db.taskRun.findFirstOrThrow({ where: { endpointId: endpoint.id } });
  const queued = await stack.db.pendingStart.findMany({ where: { taskRunId: run.id } });
  const startedBeforeRestart = await stack.temporal.workflow.getHandle(run.workflowId).describe().then(
    () => true,
    (err) => (err instanceof WorkflowNotFoundError ? false : Promise.reject(err)),
  );

  const restartedAt = Date.now();
  const restarted = await stack.startApi(QUEUE);
  const worker = await stack.startWorker(QUEUE);
  await waitAllFinal(stack.db, [run.id], 60_000, stack.workerDiagnostics);
  const deliveredMs = Date.now() - restartedAt;
  const final = await stack.db.taskRun.findUniqueOrThrow({ where: { id: run.id } });
  report('API kill -9 after commit', {
    answer, exit, runStatusAfterCrash: run.status, outboxRows: queued.length, startedBeforeRestart,
    final: final.status, receiverCalls: receiver.requests.length, deliveredAfterRestartMs: deliveredMs,
  });

  expect(exit).toBe('SIGKILL');
  expect(answer).not.toBe('202'); // the caller was never told: the crash came first
  expect(run.status).toBe('pending');
  expect(queued).toHaveLength(1);
  expect(startedBeforeRestart).toBe(false);
  expect(final.status).toBe('success');
  expect(receiver.requests.map((r) => r.headers['webhook-id'])).toEqual([run.webhookId]);
  expect(receiver.requests[0].signatureValid).toBe(true);
  expect(await stack.db.pendingStart.count({ where: { taskRunId: run.id } })).toBe(0);
  await restarted.terminate();
  await worker.terminate();
  await receiver.close();
});
