// Isolation by default: with no flow settings on any endpoint, a hung receiver with a big backlog
// holds at most its fair share of the worker's delivery slots (25% of 200), and Temporal hands out
// tasks round-robin across endpoints (fairness keys), so runs to a healthy endpoint do not queue
// behind the backlog. The work runs on a task queue of its own, served by a worker
// process with the default settings.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { api, waitFor } from './helpers/api';
import { endpointFor } from './helpers/dead-letters';
import { createRuns } from './helpers/flow';
import { startReceiver, type Receiver } from './helpers/receiver';
import { startSideProcess, type SideProcess } from './helpers/side-process';
import { freePort } from '../src/stack/free-port';

const taskQueue = `flow-isolation-${process.pid}`;
let sideApi: SideProcess;
let worker: SideProcess;
let apiUrl: string;
const receivers: Receiver[] = [];

beforeAll(async () => {
  const port = await freePort();
  apiUrl = `http://127.0.0.1:${port}`;
  [sideApi, worker] = await Promise.all([
    startSideProcess('api', taskQueue, { PORT: String(port) }, 'API listening'),
    startSideProcess('worker', taskQueue, {}, 'worker running'),
  ]);
}, 180_000);

afterAll(async () => {
  await Promise.all(receivers.map((r) => r.close()));
  await worker?.kill(); // its calls hang by design: no grace period to wait out
  await sideApi?.stop();
});

describe('isolation by default', () => {
  it('a hung endpoint with 400 queued runs does not hold up 20 runs to a healthy endpoint', async () => {
    let open = 0;
    let mostOpen = 0;
    const hung = await startReceiver((_req, _i, res) => {
      open++;
      mostOpen = Math.max(mostOpen, open);
      res.on('close', () => open--);
    });
    const healthy = await startReceiver();
    receivers.push(hung, healthy);
    const stuck = await endpointFor(hung, { timeoutMs: 10_000 });
    const fine = await endpointFor(healthy);

    await createRuns(stuck.id, 400, apiUrl, 10);
    // The hung endpoint holds its share of the worker before the healthy runs are created.
    await waitFor(async () => hung.requests.length, (n) => n >= 45, 60_000, 100);

    const startedAt = Date.now();
    const ids = await createRuns(fine.id, 20, apiUrl, 20);
    // One list call per look (not one call per run): the observer must not load the API it measures.
    const healthyRuns = async () => (await api('GET', `/v1/task-runs?endpointId=${fine.id}&limit=100`, undefined, { baseUrl: apiUrl })).body.data as any[];
    const runs = await waitFor(healthyRuns, (rs) => rs.length === ids.length && rs.every((r) => r.status === 'success'), 30_000, 100);
    const tookMs = Date.now() - startedAt;
    console.log(`[isolation] 20 healthy runs delivered in ${tookMs} ms; the hung endpoint had at most ${mostOpen} calls open`);
    expect(runs.map((r) => r.attemptCount)).toEqual(ids.map(() => 1));
    expect(tookMs).toBeLessThanOrEqual(8_000);
    expect(mostOpen).toBeLessThanOrEqual(50); // 25% of the worker's 200 delivery slots
  }, 240_000);
});
