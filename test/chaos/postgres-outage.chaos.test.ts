// PostgreSQL stopped for 30 s in the middle of a load: the API answers 503 quickly instead of
// hanging, deliveries retry, and once the database is back every run reaches a final state, none lost.
import { afterAll, beforeAll, expect, it } from 'vitest';
import { startChaosStack, type ChaosStack, type WorkerChild } from './helpers/chaos-stack';
import { apiClient, report, sleep, statusCounts, waitAllFinal } from './helpers/client';
import { deliveryFigures, startLoad } from './helpers/load';

const RUNS = Number(process.env.CHAOS_PG_RUNS ?? 200);
const DOWN_MS = Number(process.env.CHAOS_PG_DOWN_MS ?? 30_000);

let stack: ChaosStack;
let worker: WorkerChild;

beforeAll(async () => {
  stack = await startChaosStack('postgres-outage');
  worker = await stack.startWorker();
});

afterAll(async () => {
  await stack?.stop();
});

it(`PostgreSQL down ${DOWN_MS} ms mid-load (${RUNS} runs): the API answers 503 without hanging, nothing is lost`, async () => {
  const api = apiClient(stack.apiUrl);
  const load = await startLoad(stack, { count: RUNS, delayMs: 50 });
  await load.receiver.waitForRequests(Math.floor(RUNS / 4), 120_000);
  const someRun = load.runIds[0];
  const statusAtStop = await statusCounts(stack.db, load.runIds);

  const stoppedAt = Date.now();
  await stack.stopPostgres();
  // Each probe would hang for minutes without connect/statement timeouts; with them it is a prompt 503.
  const read = await api('GET', `/v1/task-runs/${someRun}`);
  const create = await api('POST', '/v1/task-runs', { endpointId: load.endpointId, payload: { probe: true } });
  const ready = await api('GET', '/readyz');
  await sleep(Math.max(0, DOWN_MS - (Date.now() - stoppedAt)));
  await stack.startPostgres();
  const restartedAt = Date.now();
  await load.created;

  const { counts } = await waitAllFinal(stack.db, load.runIds, 180_000, stack.workerDiagnostics);
  const recoveryMs = Date.now() - restartedAt;
  const figures = await deliveryFigures(stack, load);
  report('PostgreSQL outage', {
    requested: RUNS, downMs: restartedAt - stoppedAt, statusAtStop, final: counts, ...figures,
    readWhileDown: `${read.status} in ${read.ms} ms`, createWhileDown: `${create.status} in ${create.ms} ms`,
    readyzWhileDown: `${ready.status} in ${ready.ms} ms`, refusedCreatesWhileDown: load.refused, recoveryMs,
    workerSurvived: worker.child.exitCode === null && worker.child.signalCode === null,
  });

  for (const res of [read, create, ready]) {
    expect(res.status).toBe(503);
    expect(res.ms).toBeLessThan(15_000); // a hang would run into the minutes; the connect timeout is 3 s
  }
  expect(read.body.title).toBe('Database unavailable');
  expect(create.body.title).toBe('Database unavailable');
  expect(await stack.db.taskRun.count({ where: { payload: { equals: { probe: true } } } })).toBe(0);
  // The same worker carried on: losing its database is not a reason to die.
  expect([worker.child.exitCode, worker.child.signalCode]).toEqual([null, null]);
  expect(counts).toEqual({ success: RUNS });
  expect(figures.lost).toBe(0);
  expect(figures.webhookIdMismatches).toBe(0);
  expect(figures.runsWithSeveralWebhookIds).toBe(0);
  expect(figures.badSignatures).toBe(0);
});
