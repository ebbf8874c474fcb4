// SIGTERM is a deploy, not a crash: the worker lets deliveries in flight finish (bounded by
// WORKER_SHUTDOWN_GRACE_MS) and the API drains the requests it accepted before exiting.
import { afterAll, beforeAll, expect, it } from 'vitest';
import { startReceiver } from '../helpers/receiver';
import { freePort } from '../../src/stack/free-port';
import { childEnv, spawnEntry, startChaosStack, type ChaosStack } from './helpers/chaos-stack';
import { apiClient, report, sleep } from './helpers/client';
import { createEndpoint } from './helpers/endpoints';

let stack: ChaosStack;

beforeAll(async () => {
  stack = await startChaosStack('shutdown');
});

afterAll(async () => {
  await stack?.stop();
});

it('worker SIGTERM with deliveries in flight: each finishes once (no cut-off, no duplicate), then the worker exits 0', async () => {
  const api = apiClient(stack.apiUrl);
  const answeredAt: number[] = [];
  const receiver = await startReceiver((_req, _i, res) => {
    setTimeout(() => res.writeHead(200).end('ok', () => answeredAt.push(Date.now())), 3000); // a slow receiver
  });
  const endpoint = await createEndpoint(api, { url: receiver.url, timeoutMs: 10_000 });
  const worker = await stack.startWorker({ WORKER_SHUTDOWN_GRACE_MS: '20000' });
  const runIds: string[] = [];
  for (let i = 0; i < 5; i++) runIds.push((await api('POST', '/v1/task-runs', { endpointId: endpoint.id, payload: { i } })).body.id);
  await receiver.waitForRequests(5, 60_000);

  const signalledAt = Date.now();
  const exitCode = await worker.terminate();
  const exitedAt = Date.now();
  const runs = await stack.db.taskRun.findMany({ where: { id: { in: runIds } }, include: { attempts: true } });
  await sleep(1000);
  report('worker SIGTERM', {
    inFlight: 5, exitCode, msToExit: exitedAt - signalledAt, success: runs.filter((r) => r.status === 'success').length,
    deliveries: receiver.requests.length, lost: runs.filter((r) => r.status !== 'success').length,
  });

  expect(exitCode).toBe(0);
  expect(answeredAt).toHaveLength(5);
  for (const at of answeredAt) expect(at).toBeLessThanOrEqual(exitedAt); // it waited for the receivers' answers
  expect(runs.map((r) => [r.status, r.attempts.length, r.attempts[0]?.statusCode])).toEqual(runIds.map(() => ['success', 1, 200]));
  expect(receiver.requests).toHaveLength(5); // nothing delivered twice
  await receiver.close();
});

it('API SIGTERM with requests in flight: every accepted request is answered, none half-done, then it exits 0', async () => {
  const receiver = await startReceiver();
  const port = await freePort();
  const child = await spawnEntry('src/main/api.ts', childEnv(stack, { HOST: '127.0.0.1', PORT: String(port), API_SHUTDOWN_GRACE_MS: '10000' }), /"API listening"/);
  const api = apiClient(`http://127.0.0.1:${port}`);
  const endpoint = await createEndpoint(api, { url: receiver.url });

  const outcomes: Array<number | string> = [];
  const requests = Array.from({ length: 40 }, (_, i) =>
    api('POST', '/v1/task-runs', { endpointId: endpoint.id, payload: { i } }).then(
      (res) => void outcomes.push(res.status),
      (err: Error & { cause?: { code?: string } }) => void outcomes.push(err.cause?.code ?? err.message),
    ),
  );
  while (outcomes.length < 3) await sleep(5);
  const exit = child.terminate();
  await Promise.all(requests);
  const exitCode = await exit;
  const late = await api('GET', '/healthz').then((r) => r.status, (err: Error & { cause?: { code?: string } }) => err.cause?.code ?? err.message);

  const answered = outcomes.filter((o) => o === 202).length;
  const stored = await stack.db.taskRun.count({ where: { endpointId: endpoint.id } });
  const refusals = Object.fromEntries([...new Set(outcomes.filter((o) => o !== 202))].map((o) => [o, outcomes.filter((x) => x === o).length]));
  report('API SIGTERM', { requests: 40, answered202: answered, refused: refusals, storedRuns: stored, exitCode, afterExit: late });

  expect(exitCode).toBe(0);
  expect(outcomes.filter((o) => typeof o === 'number' && o >= 500)).toEqual([]); // no request cut into an error
  expect(stored).toBe(answered); // every run written was answered; nothing done without the caller knowing
  expect(late).toBe('ECONNREFUSED');
  await receiver.close();
});
