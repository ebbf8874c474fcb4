// A worker killed (SIGKILL) in the middle of ordered deliveries, then started again, keeps each key's
// order. The work runs on a task queue of its own, served only by a worker process this test starts,
// so the stack's in-process worker cannot pick it up while ours is dead.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { api, sleep, waitFor } from './helpers/api';
import { fastPolicy } from './helpers/dead-letters';
import { endpointFor } from './helpers/endpoints';
import { firstSuccessOrderByKey, flakyResponder, inParallel, type FlakyReceiverLog } from './helpers/ordering';
import { startReceiver, type Receiver } from './helpers/receiver';
import { freePort } from '../src/stack/free-port';
import { startSideProcess, type SideProcess } from './helpers/side-process';

const taskQueue = `ordered-restart-${process.pid}`;
let sideApi: SideProcess;
let worker: SideProcess;
let apiUrl: string;
let receiver: Receiver;

const startWorker = () => startSideProcess('worker', taskQueue, {}, 'worker running');

beforeAll(async () => {
  const port = await freePort();
  apiUrl = `http://127.0.0.1:${port}`;
  [sideApi, worker] = await Promise.all([startSideProcess('api', taskQueue, { PORT: String(port) }, 'API listening'), startWorker()]);
}, 120_000);

afterAll(async () => {
  await receiver?.close();
  await worker?.stop();
  await sideApi?.stop();
});

describe('ordered delivery survives a worker crash', () => {
  it('killing and restarting the worker mid-run keeps every key in publish order, nothing lost', async () => {
    const log: FlakyReceiverLog = { successes: [], failedFirstTries: 0 };
    receiver = await startReceiver(flakyResponder(log, { maxDelayMs: 60, failOneIn: 5 }));
    const policy = await fastPolicy(10);
    const type = `ordcrash${process.pid}.changed`;
    // A short endpoint timeout bounds how long Temporal waits for attempts the dead worker never reports.
    const endpoint = await endpointFor(receiver, { ordering: 'key', eventTypes: [type], retryPolicyId: policy.id, timeoutMs: 2000 });

    const keys = Array.from({ length: 10 }, (_, k) => `order-${process.pid}-${k}`);
    const items = Array.from({ length: 150 }, (_, i) => ({ key: keys[i % 10], n: i }));
    const published = await inParallel(items, 10, async (item) => {
      const res = await api('POST', '/v1/events', { type, payload: item, orderingKey: item.key }, { baseUrl: apiUrl });
      expect(res.status).toBe(202);
      return { ...item, seq: res.body.orderingSequence as number, eventId: res.body.id as string };
    });

    // Kill once every fanout is done and part of the deliveries have happened.
    await waitFor(
      () => Promise.all(published.slice(-20).map((p) => api('GET', `/v1/events/${p.eventId}`))),
      (events) => events.every((e) => e.body.matchedEndpointCount === 1),
      60_000,
      250,
    );
    await waitFor(async () => log.successes.length, (n) => n >= 40, 120_000, 50);
    await worker.kill();
    const atKill = new Set(log.successes.map((s) => s.webhookId)).size;
    expect(atKill).toBeLessThan(150);

    // With no worker on the queue, nothing moves.
    await sleep(1500);
    const stalled = new Set(log.successes.map((s) => s.webhookId)).size;
    await sleep(1500);
    expect(new Set(log.successes.map((s) => s.webhookId)).size).toBe(stalled);

    worker = await startWorker();
    await waitFor(async () => new Set(log.successes.map((s) => s.webhookId)).size, (n) => n >= 150, 150_000, 250);

    const received = firstSuccessOrderByKey(log.successes);
    for (const key of keys) {
      const expected = published.filter((p) => p.key === key).sort((a, b) => a.seq - b.seq).map((p) => p.n);
      expect(received.get(key)).toEqual(expected);
    }
    // At-least-once: an attempt cut off by the crash may be sent again, never out of order.
    const duplicates = log.successes.length - 150;
    console.log(`[worker restart] ${atKill} delivered before the kill, ${duplicates} duplicate successes after it`);
    // The ledger agrees: every run of every key ended `success`, listed in the order it was delivered.
    for (const key of keys) {
      const queue = await waitFor(
        () => api('GET', `/v1/task-runs?endpointId=${endpoint.id}&orderingKey=${key}&limit=100`),
        (r) => r.body.data.length === 15 && r.body.data.every((run: any) => run.status === 'success'),
      );
      expect(queue.body.data.map((run: any) => run.payload.data.n)).toEqual(received.get(key));
    }
  }, 300_000);
});
