// Per-endpoint flow control across worker processes: maxConcurrency and rateLimitPerSecond are global
// (two workers share them through PostgreSQL), and waiting for a slot spends no attempt. The runs go
// to a task queue of their own, served only by the two worker processes this test starts.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { api, waitFor } from './helpers/api';
import { endpointFor } from './helpers/endpoints';
import { createRuns, holdingResponder, runsOf, type InFlightLog } from './helpers/flow';
import { startReceiver, type Receiver } from './helpers/receiver';
import { startSideProcess, type SideProcess } from './helpers/side-process';
import { freePort } from '../src/stack/free-port';

const taskQueue = `flow-control-${process.pid}`;
let sideApi: SideProcess;
let workers: SideProcess[] = [];
let apiUrl: string;
const receivers: Receiver[] = [];

beforeAll(async () => {
  const port = await freePort();
  apiUrl = `http://127.0.0.1:${port}`;
  const worker = () => startSideProcess('worker', taskQueue, {}, 'worker running');
  [sideApi, ...workers] = await Promise.all([startSideProcess('api', taskQueue, { PORT: String(port) }, 'API listening'), worker(), worker()]);
}, 180_000);

afterAll(async () => {
  await Promise.all(receivers.map((r) => r.close()));
  await Promise.all(workers.map((w) => w.stop()));
  await sideApi?.stop();
});

const final = (ids: string[]) =>
  waitFor(() => runsOf(ids, apiUrl), (runs) => runs.every((r) => ['success', 'dead_letter', 'failed'].includes(r.status)), 120_000, 500);

describe('per-endpoint flow control, global across two worker processes', () => {
  it('maxConcurrency 2: the receiver never sees more than 2 calls at once over 50 runs, each run one attempt', async () => {
    const log: InFlightLog = { now: 0, max: 0 };
    const receiver = await startReceiver(holdingResponder(log, 150));
    receivers.push(receiver);
    const endpoint = await endpointFor(receiver, { maxConcurrency: 2 });
    expect(endpoint.maxConcurrency).toBe(2);

    const ids = await createRuns(endpoint.id, 50, apiUrl);
    // While the backlog drains, a run that waits says why.
    const waiting = await waitFor(
      async () => (await api('GET', `/v1/task-runs?endpointId=${endpoint.id}&status=pending&limit=100`)).body.data as any[],
      (runs) => runs.some((r) => /maxConcurrency 2/.test(r.statusReason ?? '')),
      30_000,
      100,
    );
    expect(waiting.find((r) => /maxConcurrency 2/.test(r.statusReason ?? '')).status).toBe('pending');

    const runs = await final(ids);
    expect(runs.map((r) => r.status)).toEqual(ids.map(() => 'success'));
    expect(runs.map((r) => r.attemptCount)).toEqual(ids.map(() => 1));
    expect(receiver.requests).toHaveLength(50);
    expect(log.max).toBe(2); // used in full, never more
    console.log(`[maxConcurrency 2] 50 runs in ${((receiver.requests.at(-1)!.at - receiver.requests[0].at) / 1000).toFixed(1)} s, at most ${log.max} in flight`);
  }, 180_000);

  it('rateLimitPerSecond 5 (set by PATCH): 50 runs arrive no faster than 5 per second after a burst of 5', async () => {
    const receiver = await startReceiver();
    receivers.push(receiver);
    const endpoint = await endpointFor(receiver);
    const patched = await api('PATCH', `/v1/endpoints/${endpoint.id}`, { rateLimitPerSecond: 5 });
    expect(patched.status).toBe(200);
    expect(patched.body.rateLimitPerSecond).toBe(5);

    const ids = await createRuns(endpoint.id, 50, apiUrl);
    const runs = await final(ids);
    expect(runs.map((r) => r.status)).toEqual(ids.map(() => 'success'));
    expect(runs.map((r) => r.attemptCount)).toEqual(ids.map(() => 1));
    const at = receiver.requests.map((r) => r.at).sort((a, b) => a - b);
    expect(at).toHaveLength(50);
    // A bucket of 5 refilled at 5/s: the 50th call starts 9 s after the first at the earliest (by the
    // database's clock; arrivals here can be up to a few hundred ms closer when the first call's
    // connection setup was slow). Unlimited, 50 runs arrive within a couple of seconds.
    const spanMs = at[49] - at[0];
    expect(spanMs).toBeGreaterThanOrEqual(8_500);
    // And no second sees more than one second's refill plus the burst (and one for clock jitter).
    for (let i = 0; i < at.length; i++) expect(at.filter((t) => t >= at[i] && t < at[i] + 1000).length).toBeLessThanOrEqual(11);
    console.log(`[rateLimitPerSecond 5] 50 runs over ${(spanMs / 1000).toFixed(1)} s`);
  }, 180_000);

  it('flowControlKey: two endpoints with the same key share maxConcurrency 1', async () => {
    const log: InFlightLog = { now: 0, max: 0 };
    const receiver = await startReceiver(holdingResponder(log, 100));
    receivers.push(receiver);
    const key = `host-${process.pid}`;
    const a = await endpointFor(receiver, { maxConcurrency: 1, flowControlKey: key });
    const b = await endpointFor(receiver, { maxConcurrency: 1, flowControlKey: key });
    receiver.secret = undefined; // two secrets: signatures are not what this test checks
    const ids = [...(await createRuns(a.id, 10, apiUrl)), ...(await createRuns(b.id, 10, apiUrl))];
    const runs = await final(ids);
    expect(runs.map((r) => r.status)).toEqual(ids.map(() => 'success'));
    expect(log.max).toBe(1);
  }, 180_000);
});
