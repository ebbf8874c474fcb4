// Isolation by default: with no flow settings on any endpoint, a hung receiver with a big backlog
// holds at most its fair share of the worker's delivery slots (25% of 200), and Temporal hands out
// tasks round-robin across endpoints (fairness keys), so runs to a healthy endpoint do not queue
// behind the backlog: they overtake it. The work runs on a task queue of its own, served by a worker
// process with the default settings. How fast they go depends on the machine (the bench measures
// it); what they must not do is wait for the backlog, which takes 7 rounds of 50 calls of 10 s.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { api, waitFor } from './helpers/api';
import { endpointFor } from './helpers/endpoints';
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

/** Runs of the endpoint still pending without a reason: the worker has not seen them yet. */
async function runsNotYetQueued(endpointId: string): Promise<number> {
  let unseen = 0;
  let cursor: string | null = '';
  while (cursor !== null) {
    const page: string = `/v1/task-runs?endpointId=${endpointId}&status=pending&limit=100${cursor ? `&cursor=${cursor}` : ''}`;
    const body: { data: { statusReason: string | null }[]; nextCursor: string | null } = (await api('GET', page, undefined, { baseUrl: apiUrl })).body;
    unseen += body.data.filter((r) => r.statusReason === null).length;
    cursor = body.nextCursor;
  }
  return unseen;
}

describe('isolation by default', () => {
  it('a hung endpoint with 400 queued runs does not hold up 20 runs to a healthy endpoint', async () => {
    let open = 0;
    let mostOpen = 0;
    // Each call is held 8 s of the endpoint's 10 s timeout, then failed (503): a slot held as long as a
    // hung call holds it, but ended here, so the count is exact. A call the worker times out is seen closed
    // here only after the worker has freed its slot, and its next call may arrive first (51 of 50 once in CI).
    const hung = await startReceiver((_req, _i, res) => {
      open++;
      mostOpen = Math.max(mostOpen, open);
      let ended = false;
      const end = () => {
        if (!ended) open--;
        ended = true;
      };
      const timer = setTimeout(() => {
        end();
        res.writeHead(503).end();
      }, 8_000);
      res.on('close', () => {
        clearTimeout(timer);
        end();
      });
    });
    const healthy = await startReceiver();
    receivers.push(hung, healthy);
    // Its circuit breaker stays closed: the hung endpoint keeps claiming its share however slowly a
    // busy machine brings it there (with the default breaker, 20 timeouts open the circuit and end the test's setup).
    const stuck = await endpointFor(hung, { timeoutMs: 10_000, circuitBreaker: null });
    const fine = await endpointFor(healthy);

    await createRuns(stuck.id, 400, apiUrl, 10);
    // The backlog is queued before the healthy runs are created: the hung endpoint holds its share of
    // the worker, and every other run of it has been to the worker once and waits (pending, with a reason).
    await waitFor(async () => hung.requests.length, (n) => n >= 45, 60_000, 100);
    // A loaded machine takes minutes to bring 400 runs to the worker once; the measure starts after that.
    await waitFor(() => runsNotYetQueued(stuck.id), (n) => n === 0, 180_000, 1_000);

    const startedAt = Date.now();
    const backlogCallsBefore = hung.requests.length;
    const ids = await createRuns(fine.id, 20, apiUrl, 20);
    // One list call per look (not one call per run): the observer must not load the API it measures.
    const healthyRuns = async () => (await api('GET', `/v1/task-runs?endpointId=${fine.id}&limit=100`, undefined, { baseUrl: apiUrl })).body.data as any[];
    const runs = await waitFor(healthyRuns, (rs) => rs.length === ids.length && rs.every((r) => r.status === 'success'), 60_000, 100);
    const tookMs = Date.now() - startedAt;
    const backlogCallsMeanwhile = hung.requests.length - backlogCallsBefore;
    console.log(`[isolation] 20 healthy runs delivered in ${tookMs} ms, while the hung endpoint (350 runs waiting, 50 calling) took ${backlogCallsMeanwhile} more calls; it had at most ${mostOpen} calls open`);
    expect(runs.map((r) => r.attemptCount)).toEqual(ids.map(() => 1));
    // Queued behind the backlog they would come after the calls of its 350 waiting runs.
    expect(backlogCallsMeanwhile).toBeLessThan(150);
    expect(mostOpen).toBeLessThanOrEqual(50); // 25% of the worker's 200 delivery slots
  }, 360_000);
});
