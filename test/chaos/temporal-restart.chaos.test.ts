// The Temporal server stopped and restarted (state on disk) in the middle of a load: creates are
// still accepted at once, every run reaches a final state, none is lost, duplicates share their webhook-id; a one-shot schedule that
// came due while Temporal was down fires once, within its catch-up window.
import { afterAll, beforeAll, expect, it } from 'vitest';
import { startChaosStack, type ChaosStack } from './helpers/chaos-stack';
import { startReceiver } from '../helpers/receiver';
import { apiClient, report, sleep, statusCounts, waitAllFinal } from './helpers/client';
import { createEndpoint } from './helpers/endpoints';
import { deliveryFigures, startLoad } from './helpers/load';

const RUNS = Number(process.env.CHAOS_TEMPORAL_RUNS ?? 200);
const DOWN_MS = Number(process.env.CHAOS_TEMPORAL_DOWN_MS ?? 10_000);

let stack: ChaosStack;

beforeAll(async () => {
  stack = await startChaosStack('temporal-restart');
  await stack.startWorker();
});

afterAll(async () => {
  await stack?.stop();
});

it(`Temporal restarted mid-load (${RUNS} runs, down ${DOWN_MS} ms): none lost; a schedule due meanwhile fires once`, async () => {
  const api = apiClient(stack.apiUrl);
  const load = await startLoad(stack, { count: RUNS, delayMs: 50 });
  const scheduleReceiver = await startReceiver();
  const scheduleEndpoint = await createEndpoint(api, { url: scheduleReceiver.url });
  await load.receiver.waitForRequests(Math.floor(RUNS / 4), 120_000);

  // A one-shot schedule due in the middle of the outage, with a 2 min catch-up window. A schedule write
  // waits on Temporal for a bounded time and answers 503 + Retry-After past it: a busy machine can make
  // it, and a client retries it, as this one does (with a fresh due time).
  const oneShot = () => {
    const at = new Date(Math.ceil((Date.now() + Math.min(4000, DOWN_MS / 2)) / 1000) * 1000); // whole seconds, as cron fires
    return { at, create: () => api('POST', '/v1/schedules', { endpointId: scheduleEndpoint.id, runAt: at.toISOString(), payload: { schedule: true }, catchupWindowMs: 120_000 }) };
  };
  let attempt = oneShot();
  let created = await attempt.create();
  for (let retries = 0; created.status === 503 && retries < 5; retries++) {
    await sleep(1000);
    attempt = oneShot();
    created = await attempt.create();
  }
  const dueAt = attempt.at;
  expect(created.status).toBe(201);
  const scheduleId = created.body.id as string;

  const statusAtStop = await statusCounts(stack.db, load.runIds);
  const stoppedAt = Date.now();
  await stack.stopTemporal();
  // While Temporal is down the API still accepts new runs at once (they wait in the outbox).
  const acceptedWhileDown = await api('POST', '/v1/task-runs', { endpointId: load.endpointId, payload: { probe: true } });
  if (acceptedWhileDown.status === 202) load.runIds.push(acceptedWhileDown.body.id); // counted with the load's runs
  await sleep(Math.max(0, DOWN_MS - (Date.now() - stoppedAt)));
  await stack.startTemporal();
  const restartedAt = Date.now();
  await load.created;

  const { counts } = await waitAllFinal(stack.db, load.runIds, 180_000, stack.workerDiagnostics);
  const recoveryMs = Date.now() - restartedAt;
  const figures = await deliveryFigures(stack, load);
  const fire = await scheduleReceiver.waitForRequests(1, 60_000).then((r) => r[0]);
  await sleep(2000); // a second fire, if any, would show up here
  const scheduleRuns = await stack.db.taskRun.findMany({ where: { scheduleId } });
  report('Temporal restart', {
    requested: RUNS, downMs: restartedAt - stoppedAt, statusAtStop, final: counts, ...figures,
    refusedCreatesWhileDown: load.refused, probeStatus: acceptedWhileDown.status, probeMs: acceptedWhileDown.ms, recoveryMs,
    scheduleFires: scheduleRuns.length, scheduleFireDelayMs: fire.at - dueAt.getTime(),
  });

  expect(acceptedWhileDown.status).toBe(202);
  expect(acceptedWhileDown.ms).toBeLessThan(2000);
  expect(load.refused).toBe(0);
  expect(counts).toEqual({ success: RUNS + 1 });
  expect(figures.lost).toBe(0);
  expect(figures.webhookIdMismatches).toBe(0);
  expect(figures.runsWithSeveralWebhookIds).toBe(0);
  expect(figures.badSignatures).toBe(0);
  // The schedule fired exactly once, after it came due and within its catch-up window.
  expect(scheduleRuns).toHaveLength(1);
  expect(scheduleRuns[0].nominalFireTime?.getTime()).toBe(dueAt.getTime());
  expect(fire.at).toBeGreaterThanOrEqual(dueAt.getTime());
  expect(fire.at - dueAt.getTime()).toBeLessThan(120_000);
  expect(scheduleReceiver.requests.map((r) => r.headers['webhook-id'])).toEqual([scheduleRuns[0].webhookId]);
  await scheduleReceiver.close();
});
