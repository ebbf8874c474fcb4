// Eager workflow starts: a worker's dispatcher starts task runs on the worker's own connection, so
// Temporal hands the first workflow task back with the start (the history's first event says the eager
// start was accepted). An API with no worker for its queue still starts every run, the regular way, and
// leaves the fresh rows to a worker's dispatcher once one listens for the queue.
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { Client } from '@temporalio/client';
import { loadConfig } from '../src/config';
import { startApiServer, type RunningApi } from '../src/runtime/api-server';
import { startWorkerProcess, type RunningWorker } from '../src/runtime/worker-process';
import { api, runUntilFinal, waitFor } from './helpers/api';
import { endpointFor } from './helpers/endpoints';
import { startReceiver, type Receiver } from './helpers/receiver';
import { useTemporalClient } from './helpers/temporal-client';

const QUEUE = `eager-${process.pid}`;
const temporal = useTemporalClient();
let receiver: Receiver;
let lone: RunningApi | undefined;
let worker: RunningWorker | undefined;

const settings = () =>
  loadConfig({
    PATH: process.env.PATH,
    PORT: '0',
    LOG_STDOUT: 'false',
    LOG_LEVEL: 'warn',
    TEMPORAL_TASK_QUEUE: QUEUE,
    DISPATCH_SWEEP_INTERVAL_MS: '100',
    EDGECRON_BOOTSTRAP_API_KEY: inject('apiKey'),
    EDGECRON_SECRET_KEY: inject('secretKey'),
    DELIVERY_ALLOW_LIST: '127.0.0.0/8,::1',
    RATE_LIMIT_PER_SECOND: '0',
  });

/** Whether Temporal accepted the run's start as eager, from its history's first event. */
async function startedEagerly(client: Client, workflowId: string): Promise<boolean> {
  const history = await client.workflow.getHandle(workflowId).fetchHistory();
  const started = history.events![0].workflowExecutionStartedEventAttributes!;
  return started.eagerExecutionAccepted === true;
}

async function eagerTaskRunStarts(baseUrl = inject('apiUrl')): Promise<number> {
  const text = await (await fetch(`${baseUrl}/metrics`)).text();
  const line = /^edgecron_dispatch_workflow_starts_total\{kind="task_run",start="eager"\} (\d+)$/m.exec(text);
  return line ? Number(line[1]) : 0;
}

async function postRun(endpointId: string, n: number, baseUrl = inject('apiUrl')) {
  const res = await api('POST', '/v1/task-runs', { endpointId, payload: { n } }, { baseUrl });
  expect(res.status).toBe(202);
  return res.body as { id: string; workflowId: string; webhookId: string };
}

beforeAll(async () => {
  receiver = await startReceiver();
});

afterAll(async () => {
  await worker?.stop();
  await lone?.close();
  await receiver?.close();
});

describe('eager workflow starts', () => {
  it('with a worker running, task runs start eagerly and are counted as such', async () => {
    const endpoint = await endpointFor(receiver);
    const before = await eagerTaskRunStarts();
    const runs = [];
    for (let n = 0; n < 5; n++) runs.push(await postRun(endpoint.id, n));
    for (const run of runs) expect((await runUntilFinal(run.id)).status).toBe('success');

    const eager = await Promise.all(runs.map((r) => startedEagerly(temporal(), r.workflowId)));
    expect(eager).toEqual([true, true, true, true, true]);
    // Other test files share the stack's counter: it moved by at least these five.
    expect((await eagerTaskRunStarts()) - before).toBeGreaterThanOrEqual(5);
  });

  it('an API with no worker for its queue starts every run itself; once a worker listens, it leaves them to it', async () => {
    lone = await startApiServer(settings(), inject('databaseUrl'), inject('temporalAddress'));
    const endpoint = await endpointFor(receiver, {}, { baseUrl: lone.url });
    const first = await postRun(endpoint.id, 1, lone.url);
    // Started in Temporal without any worker: its workflow exists (nothing polls the queue to run it yet).
    const described = await waitFor(
      () => temporal().workflow.getHandle(first.workflowId).describe().catch(() => undefined),
      (d) => d !== undefined,
      10_000,
    );
    expect(described!.status.name).toBe('RUNNING');
    expect(await startedEagerly(temporal(), first.workflowId)).toBe(false);

    worker = await startWorkerProcess(settings(), inject('databaseUrl'), inject('temporalAddress'));
    expect((await runUntilFinal(first.id)).status).toBe('success');
    const second = await postRun(endpoint.id, 2, lone.url);
    expect((await runUntilFinal(second.id)).status).toBe('success');
    expect(await startedEagerly(temporal(), second.workflowId)).toBe(true);
    expect(receiver.requests.map((r) => r.headers['webhook-id'])).toEqual(expect.arrayContaining([first.webhookId, second.webhookId]));
  });
});
