// What 400 runs waiting behind an open circuit cost Temporal (issue 35): the activity tasks per second
// they ask for, counted from their histories over a minute, and the activity task queue's oldest
// backlog task meanwhile. Parked, a run costs a few tasks per backstop (minutes), not one timed retry
// every few seconds. Self-contained (chaos-stack, client, endpoints, temporal-cost), so the same file
// measures the timed-retry path on the commit before parked runs.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startReceiver, respondWith } from '../helpers/receiver';
import { startChaosStack, type ChaosStack } from './helpers/chaos-stack';
import { apiClient, inBatches, report, sleep } from './helpers/client';
import { createEndpoint, createRetryPolicy, createRun } from './helpers/endpoints';
import { activityTasksSoFar, watchBacklogAge } from './helpers/temporal-cost';

const RUNS = 400;
const WINDOW_MS = 60_000;

let stack: ChaosStack;

beforeAll(async () => {
  stack = await startChaosStack('circuit-wait-cost');
  await stack.startWorker();
});

afterAll(async () => {
  await stack?.stop();
});

describe('waiting behind an open circuit', () => {
  it(`${RUNS} runs behind an open circuit cost Temporal a small constant of activity tasks per run, not a retry every few seconds`, async () => {
    const api = apiClient(stack.apiUrl);
    const r = await startReceiver(respondWith(503));
    try {
      // Enough calls that no run ends during the measurement; the circuit opens after 3 failures, probes every 30 s (the default).
      const retryPolicyId = await createRetryPolicy(stack.db, { maxAttempts: 1000, intervalMs: 1000 });
      const endpoint = await createEndpoint(api, { url: r.url, retryPolicyId, circuitBreaker: { consecutiveFailures: 3, probeIntervalMs: 30_000 } });
      const ids = await inBatches(RUNS, 10, async () => {
        for (let tries = 1; ; tries++) {
          try {
            return await createRun(api, endpoint.id, { behindCircuit: true });
          } catch (err) {
            if (tries >= 5 || !/ 503 /.test((err as Error).message)) throw err; // a loaded API's pool: retried as a client would
            await sleep(500);
          }
        }
      });
      const runs = await stack.db.taskRun.findMany({ where: { id: { in: ids } }, select: { workflowId: true } });
      const workflowIds = runs.map((x) => x.workflowId);
      const watch = watchBacklogAge(stack.temporal, stack.config.TEMPORAL_TASK_QUEUE);
      // Every run has reached the circuit once (it has started its workflow and asked).
      for (let i = 0; i < 600; i++) {
        const waiting = await stack.db.taskRun.count({ where: { id: { in: ids }, statusReason: { startsWith: 'circuit open' } } });
        if (waiting >= RUNS) break;
        await sleep(500);
      }
      await sleep(10_000);
      const before = await activityTasksSoFar(stack.temporal, workflowIds);
      await sleep(WINDOW_MS);
      const after = await activityTasksSoFar(stack.temporal, workflowIds);
      const oldest = await watch.stop();
      const seconds = (after.at - before.at) / 1000;
      const tasksPerSecond = Math.round(((after.tasks - before.tasks) / seconds) * 10) / 10;
      const perRunPerMinute = Math.round(((after.tasks - before.tasks) / RUNS / (seconds / 60)) * 100) / 100;
      report(`${RUNS} runs behind an open circuit`, {
        seconds: Math.round(seconds),
        activityTasks: after.tasks - before.tasks,
        tasksPerSecond,
        perRunPerMinute,
        oldestBacklogSeconds: oldest,
        callsToReceiver: r.requests.length,
      });
      // Parked runs look again on their backstop (2 min, ±25 %), one run per probe: well under one task per run per minute.
      expect(perRunPerMinute).toBeLessThan(1);
      expect(oldest).toBeLessThan(60);
    } finally {
      await r.close();
    }
  }, 900_000);
});
