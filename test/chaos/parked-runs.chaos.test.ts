// Parked runs (issue 35): runs that wait for their endpoint sleep in their workflows instead of
// retrying their activity, so the flow-control behaviours hold on a stack that has already run them,
// right after Temporal was frozen, and beside a hung endpoint's backlog of 400; and a run waiting
// 60 s behind a taken slot adds a few history events, not one retry every few seconds. Throughout,
// the activity task queue's oldest backlog task stays younger than a minute.
import { temporal as proto } from '@temporalio/proto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startChaosStack, type ChaosStack } from './helpers/chaos-stack';
import { apiClient, report, sleep, waitAllFinal } from './helpers/client';
import { createEndpoint, createRun } from './helpers/endpoints';
import { closeReceivers, concurrencyCase, flowRound, many, rateCase, type RoundFigures } from './helpers/flow-behaviours';
import { watchBacklogAge } from './helpers/temporal-cost';
import { startReceiver } from '../helpers/receiver';

const GRPC_NOT_FOUND = 5;

let stack: ChaosStack;
let taskQueue: string;

beforeAll(async () => {
  stack = await startChaosStack('parked-runs');
  taskQueue = stack.config.TEMPORAL_TASK_QUEUE;
  await stack.startWorker();
});

afterAll(async () => {
  await closeReceivers();
  await stack?.stop();
});

function expectRoundHolds(f: RoundFigures) {
  expect(f.concurrency).toMatchObject({ delivered: f.concurrency.of, maxInFlight: 2 });
  expect(f.rate.delivered).toBe(f.rate.of);
  // A bucket of 4 refilled at 4/s: at most 8 in any second (burst + refill), one more for clock jitter.
  expect(f.rate.busiestSecond).toBeLessThanOrEqual(9);
  expect(f.rate.spanMs).toBeGreaterThanOrEqual(3_500);
  expect(f.circuit.delivered).toBe(f.circuit.of);
  expect(f.pause.held).toBe(f.pause.of);
  expect(f.pause.calledWithinMs).toBeLessThanOrEqual(5_000);
}

describe('parked runs', () => {
  it('the flow-control behaviours hold three times in a row on one stack, and again right after Temporal was frozen 30 s', async () => {
    const watch = watchBacklogAge(stack.temporal, taskQueue);
    for (let round = 1; round <= 3; round++) {
      const f = await flowRound(stack);
      report(`round ${round}`, f as unknown as Record<string, unknown>);
      expectRoundHolds(f);
    }
    stack.freezeTemporal();
    await sleep(30_000);
    stack.thawTemporal();
    const f = await flowRound(stack);
    report('after a 30 s freeze', f as unknown as Record<string, unknown>);
    expectRoundHolds(f);
    const oldest = await watch.stop();
    report('activity backlog', { oldestSeconds: oldest });
    expect(oldest).toBeLessThan(60);
  }, 900_000);

  it('rateLimitPerSecond 4 and maxConcurrency 2 are kept while another endpoint has a 400-run hung backlog', async () => {
    const api = apiClient(stack.apiUrl);
    const hung = await startReceiver(() => undefined);
    try {
      const stuck = await createEndpoint(api, { url: hung.url, timeoutMs: 10_000, circuitBreaker: null });
      await many(api, stuck.id, 400);
      await hung.waitForRequests(40, 120_000);
      const watch = watchBacklogAge(stack.temporal, taskQueue);
      const [concurrency, rate] = await Promise.all([concurrencyCase(stack, api), rateCase(stack, api)]);
      const oldest = await watch.stop();
      report('beside a hung backlog of 400', { concurrency, rate, oldestBacklogSeconds: oldest, hungCalls: hung.requests.length });
      expect(concurrency).toMatchObject({ delivered: concurrency.of, maxInFlight: 2 });
      expect(rate.delivered).toBe(rate.of);
      expect(rate.busiestSecond).toBeLessThanOrEqual(9);
      expect(rate.spanMs).toBeGreaterThanOrEqual(3_500); // 20 calls at 4/s after a burst of 4: not sooner
      expect(oldest).toBeLessThan(60);
    } finally {
      await hung.close();
    }
  }, 600_000);

  it('a run waiting 60 s behind a taken slot adds a small constant of history events', async () => {
    const api = apiClient(stack.apiUrl);
    const holdMs = 60_000;
    const r = await startReceiver((_req, i, res) => {
      setTimeout(() => res.writeHead(200).end(), i === 0 ? holdMs : 0);
    });
    try {
      const endpoint = await createEndpoint(api, { url: r.url, maxConcurrency: 1, timeoutMs: 90_000 });
      const first = await createRun(api, endpoint.id, { first: true });
      await r.waitForRequests(1, 60_000);
      const slotTakenAt = Date.now();
      const second = await createRun(api, endpoint.id, { second: true });
      const { workflowId } = await stack.db.taskRun.findUniqueOrThrow({ where: { id: second } });
      const handle = stack.temporal.workflow.getHandle(workflowId);
      // Eager starts leave a fresh row to the worker's dispatcher: the workflow may not exist yet (NOT_FOUND).
      const eventsOf = async () => {
        try {
          return (await handle.fetchHistory()).events ?? [];
        } catch (err) {
          if ((err as { code?: number }).code === GRPC_NOT_FOUND) return [];
          throw err;
        }
      };
      // The wait starts once the run's delivery activity is scheduled (it then waits for the slot).
      let before = await eventsOf();
      while (!before.some((e) => e.activityTaskScheduledEventAttributes)) {
        await sleep(200);
        before = await eventsOf();
      }
      const waitStartedAt = Date.now();
      // Read again just before the slot is freed: what the history grew by while the run waited.
      await sleep(Math.max(0, slotTakenAt + holdMs - 3_000 - Date.now()));
      const during = (await eventsOf()).slice(before.length);
      const waitedS = Math.round((Date.now() - waitStartedAt) / 1000);
      await r.waitForRequests(2, holdMs + 60_000);
      await waitAllFinal(stack.db, [second], 60_000);
      const run = await stack.db.taskRun.findUniqueOrThrow({ where: { id: second } });
      expect(run.status).toBe('success');
      const events = await eventsOf();
      const activityTasks = events.filter((e) => e.activityTaskScheduledEventAttributes).length;
      // A Temporal retry adds no event of its own: its count is the attempt its last start records.
      const mostAttempts = Math.max(...events.map((e) => e.activityTaskStartedEventAttributes?.attempt ?? 0));
      report('60 s behind a taken slot', {
        waitedS,
        eventsAddedWhileWaiting: during.length,
        addedEventTypes: during.map((e) => proto.api.enums.v1.EventType[e.eventType ?? 0]?.replace('EVENT_TYPE_', '')).join(' '),
        historyEventsInAll: events.length,
        activityTasksScheduled: activityTasks,
        mostAttempts,
        first,
      });
      expect(mostAttempts).toBeLessThanOrEqual(2);
      // Parked: the activity that parks ends, a timer and the workflow tasks around it; no retries.
      expect(during.length).toBeLessThanOrEqual(10);
      // One activity that parks, one that delivers (a lost race may add one more), a timer and a wake-up.
      expect(activityTasks).toBeLessThanOrEqual(3);
      expect(events.length).toBeLessThanOrEqual(40);
    } finally {
      await r.close();
    }
  }, 300_000);
});
