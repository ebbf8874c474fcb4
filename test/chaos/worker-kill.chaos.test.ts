// A worker killed with SIGKILL while runs are in flight: a new worker takes over, every run reaches a
// final state, none is lost, and a run delivered twice carries the same webhook-id both times.
import { afterAll, beforeAll, expect, it } from 'vitest';
import { startChaosStack, type ChaosStack } from './helpers/chaos-stack';
import { report, sleep, statusCounts, waitAllFinal } from './helpers/client';
import { deliveryFigures, startLoad } from './helpers/load';

// 500 per the issue; CHAOS_RUNS lowers it on a slow machine.
const RUNS = Number(process.env.CHAOS_RUNS ?? 500);

let stack: ChaosStack;

beforeAll(async () => {
  stack = await startChaosStack('worker-kill');
});

afterAll(async () => {
  await stack?.stop();
});

it(`worker kill -9 with runs in flight, then a new worker: all ${RUNS} runs final, none lost, duplicates share the webhook-id`, async () => {
  const first = await stack.startWorker();
  // Receivers take 100 ms, so deliveries overlap and the kill lands with many in flight.
  const load = await startLoad(stack, { count: RUNS, delayMs: 100 });
  await load.receiver.waitForRequests(Math.floor(RUNS / 4), 180_000);

  const inFlight = await statusCounts(stack.db, load.runIds);
  const killedAt = Date.now();
  await first.kill9();
  const pendingAtKill = load.runIds.length - (inFlight.success ?? 0);
  await sleep(2000); // nobody works for a moment: runs wait in Temporal, not in the dead process
  await stack.startWorker();
  await load.created;

  const { counts } = await waitAllFinal(stack.db, load.runIds, 180_000, stack.workerDiagnostics);
  const recoveryMs = Date.now() - killedAt;
  const figures = await deliveryFigures(stack, load);
  report('worker kill -9', { requested: RUNS, inFlightAtKill: pendingAtKill, statusAtKill: inFlight, final: counts, ...figures, recoveryMs });

  expect(load.runIds).toHaveLength(RUNS);
  expect(counts).toEqual({ success: RUNS });
  expect(figures.lost).toBe(0);
  expect(figures.delivered).toBe(RUNS);
  expect(figures.webhookIdMismatches).toBe(0);
  expect(figures.runsWithSeveralWebhookIds).toBe(0);
  expect(figures.badSignatures).toBe(0);
});
