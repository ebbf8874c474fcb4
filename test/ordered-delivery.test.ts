// Ordered delivery per key, against the dev server and a real receiver: 200 events over 10 keys reach a
// slow, flaky receiver in accept order per key while the keys run side by side; a dead letter blocks its
// key until replayed (then it and the runs behind it go, in order) or discarded; `onDeadLetter: "skip"`
// moves on; bad input names its field.
import { afterEach, describe, expect, it } from 'vitest';
import { sequencerWorkflowIdFor } from '../src/domain/node/ordering-key';
import { api, runUntilFinal, waitFor } from './helpers/api';
import { fastPolicy } from './helpers/dead-letters';
import { endpointFor } from './helpers/endpoints';
import { firstSuccessOrderByKey, flakyResponder, inParallel, keySwitches, type FlakyReceiverLog } from './helpers/ordering';
import { startReceiver, type Receiver } from './helpers/receiver';
import { useTemporalClient } from './helpers/temporal-client';

let receiver: Receiver;
const temporal = useTemporalClient();

afterEach(async () => receiver?.close());

const unique = () => Math.random().toString(36).slice(2, 8);

/** A key's queue as the API lists it (delivery order), all pages. */
async function keyQueue(endpointId: string, key: string) {
  const runs: any[] = [];
  let cursor: string | null = null;
  do {
    const page: any = await api('GET', `/v1/task-runs?endpointId=${endpointId}&orderingKey=${encodeURIComponent(key)}&limit=100${cursor ? `&cursor=${cursor}` : ''}`);
    expect(page.status).toBe(200);
    runs.push(...page.body.data);
    cursor = page.body.nextCursor;
  } while (cursor);
  return runs;
}

async function orderedRun(endpointId: string, key: string, n: number) {
  const res = await api('POST', '/v1/task-runs', { endpointId, orderingKey: key, payload: { key, n } });
  expect(res.status).toBe(202);
  return res.body;
}

describe('ordered delivery per key', () => {
  it('bad input is a 400 naming the field', async () => {
    receiver = await startReceiver();
    const bad = await api('POST', '/v1/endpoints', { url: receiver.url, ordering: 'strict' });
    expect(bad.status).toBe(400);
    expect(bad.body.errors?.map((e: any) => e.field) ?? bad.body.detail).toContain('ordering');
    const badHandling = await api('POST', '/v1/endpoints', { url: receiver.url, onDeadLetter: 'drop' });
    expect(badHandling.status).toBe(400);
    expect(JSON.stringify(badHandling.body)).toContain('onDeadLetter');

    const endpoint = await endpointFor(receiver, { ordering: 'key' });
    expect(endpoint).toMatchObject({ ordering: 'key', onDeadLetter: 'block' });
    const patched = await api('PATCH', `/v1/endpoints/${endpoint.id}`, { ordering: 'by-key' });
    expect(patched.status).toBe(400);
    expect(JSON.stringify(patched.body)).toContain('ordering');

    const longKey = 'k'.repeat(257);
    const run = await api('POST', '/v1/task-runs', { endpointId: endpoint.id, orderingKey: longKey, payload: {} });
    expect(run.status).toBe(400);
    expect(run.contentType).toContain('application/problem+json');
    expect(JSON.stringify(run.body)).toContain('orderingKey');
    const event = await api('POST', '/v1/events', { type: 'ord.bad', payload: {}, orderingKey: longKey });
    expect(event.status).toBe(400);
    expect(JSON.stringify(event.body)).toContain('orderingKey');
    const list = await api('GET', `/v1/task-runs?orderingKey=${longKey}`);
    expect(list.status).toBe(400);
    // 256 characters is the limit, not beyond it.
    expect((await api('POST', '/v1/task-runs', { endpointId: endpoint.id, orderingKey: 'k'.repeat(256), payload: { key: 'k', n: 0 } })).status).toBe(202);
  });

  it('200 events over 10 keys reach a slow, flaky receiver in publish order per key, keys side by side, none lost or doubled', async () => {
    const log: FlakyReceiverLog = { successes: [], failedFirstTries: 0 };
    receiver = await startReceiver(flakyResponder(log, { maxDelayMs: 60, failOneIn: 5 }));
    const policy = await fastPolicy(5);
    const type = `ord${unique()}.changed`;
    const endpoint = await endpointFor(receiver, { ordering: 'key', eventTypes: [type], retryPolicyId: policy.id });

    const keys = Array.from({ length: 10 }, (_, k) => `invoice-${unique()}-${k}`);
    const items = Array.from({ length: 200 }, (_, i) => ({ key: keys[i % 10], n: i }));
    // Twenty publishers at once: publishes of one key race, and the API's sequence decides their order.
    const published = await inParallel(items, 20, async (item) => {
      const res = await api('POST', '/v1/events', { type, payload: item, orderingKey: item.key });
      expect(res.status).toBe(202);
      return { ...item, seq: res.body.orderingSequence as number };
    });

    const expected = new Map<string, number[]>();
    for (const key of keys) {
      const ofKey = published.filter((p) => p.key === key).sort((a, b) => a.seq - b.seq);
      expect(new Set(ofKey.map((p) => p.seq)).size).toBe(20); // one order: no two publishes share a number
      expected.set(key, ofKey.map((p) => p.n));
    }

    await waitFor(
      async () => new Set(log.successes.map((s) => s.webhookId)).size,
      (n) => n >= 200,
      120_000,
      250,
    );
    const received = firstSuccessOrderByKey(log.successes);
    for (const key of keys) expect(received.get(key)).toEqual(expected.get(key));
    // Nothing doubled in success: one 2xx per delivery, and every run ended `success`.
    expect(log.successes).toHaveLength(200);
    expect(log.failedFirstTries).toBeGreaterThan(0);
    expect(keySwitches(log.successes)).toBeGreaterThan(50);

    // The API lists a key's queue in the same order, every run delivered.
    const queue = await waitFor(() => keyQueue(endpoint.id, keys[0]), (q) => q.every((r) => r.status === 'success'));
    expect(queue.map((r) => r.payload.data.n)).toEqual(expected.get(keys[0]));
    expect(queue.map((r) => r.orderingSequence)).toEqual([...queue.map((r) => r.orderingSequence)].sort((a, b) => a - b));

    // One sequencer per (endpoint, key), visible under a readable id; it ends once its queue is empty.
    const handle = temporal().workflow.getHandle(sequencerWorkflowIdFor(endpoint.id, keys[0]));
    const described = await waitFor(() => handle.describe(), (d) => d.status.name === 'COMPLETED');
    expect(described.type).toBe('keySequencerWorkflow');
    expect(described.workflowId).toMatch(new RegExp(`^ordered/${endpoint.id}/[0-9a-f]{16}$`));
  }, 180_000);

  it('a dead letter blocks its key (later runs wait, saying why); replay delivers it, then the rest, in order', async () => {
    const log: FlakyReceiverLog = { successes: [], failedFirstTries: 0 };
    const alwaysFail = new Set([2]);
    receiver = await startReceiver(flakyResponder(log, { maxDelayMs: 20, failOneIn: 1000, alwaysFail }));
    const policy = await fastPolicy(2);
    const endpoint = await endpointFor(receiver, { ordering: 'key', retryPolicyId: policy.id });
    const key = `invoice-${unique()}`;
    const runs: any[] = [];
    for (let n = 1; n <= 5; n++) runs.push(await orderedRun(endpoint.id, key, n));
    expect(runs.map((r) => r.status)).toEqual(['pending', 'pending', 'pending', 'pending', 'pending']);

    expect((await runUntilFinal(runs[1].id)).status).toBe('dead_letter');
    const dl = (await api('GET', `/v1/dead-letters?endpointId=${endpoint.id}&status=open`)).body.data[0];
    expect(dl.taskRunId).toBe(runs[1].id);
    // The runs behind it stay pending and say which dead letter they wait for.
    for (const run of runs.slice(2)) {
      const waiting = await waitFor(() => api('GET', `/v1/task-runs/${run.id}`), (r) => r.body.statusReason?.includes(dl.id));
      expect(waiting.body.status).toBe('pending');
    }
    // Another key of the same endpoint is not held up.
    const other = await orderedRun(endpoint.id, `other-${unique()}`, 100);
    expect((await runUntilFinal(other.id)).status).toBe('success');
    expect(log.successes.map((s) => s.n).filter((n) => n >= 3 && n <= 5)).toEqual([]);

    alwaysFail.clear();
    const replay = await api('POST', `/v1/dead-letters/${dl.id}/replay`);
    expect(replay.status).toBe(202);
    for (const run of runs.slice(2)) expect((await runUntilFinal(run.id)).status).toBe('success');
    expect((await runUntilFinal(replay.body.taskRun.id)).status).toBe('success');
    expect(firstSuccessOrderByKey(log.successes).get(key)).toEqual([1, 2, 3, 4, 5]);

    // The queue, in order: the dead-lettered original, its replay in the same place, then the rest.
    const queue = await keyQueue(endpoint.id, key);
    expect(queue.map((r) => [r.payload.n, r.status, r.trigger])).toEqual([
      [1, 'success', 'api'],
      [2, 'dead_letter', 'api'],
      [2, 'success', 'replay'],
      [3, 'success', 'api'],
      [4, 'success', 'api'],
      [5, 'success', 'api'],
    ]);
    expect(queue.every((r) => r.statusReason === null || !r.statusReason.includes('waiting'))).toBe(true);
  }, 90_000);

  it('discarding the dead letter that blocks a key lets the rest go on, in order; a queued run can be cancelled', async () => {
    const log: FlakyReceiverLog = { successes: [], failedFirstTries: 0 };
    const alwaysFail = new Set([1]);
    receiver = await startReceiver(flakyResponder(log, { maxDelayMs: 20, failOneIn: 1000, alwaysFail }));
    const policy = await fastPolicy(2);
    const endpoint = await endpointFor(receiver, { ordering: 'key', retryPolicyId: policy.id });
    const key = `crm-${unique()}`;
    const runs: any[] = [];
    for (let n = 1; n <= 4; n++) runs.push(await orderedRun(endpoint.id, key, n));
    expect((await runUntilFinal(runs[0].id)).status).toBe('dead_letter');
    const dl = (await api('GET', `/v1/dead-letters?endpointId=${endpoint.id}&status=open`)).body.data[0];
    await waitFor(() => api('GET', `/v1/task-runs/${runs[3].id}`), (r) => r.body.statusReason?.includes(dl.id));
    // A run waiting in the queue is cancelled like any pending run; its turn is then skipped.
    expect((await api('POST', `/v1/task-runs/${runs[2].id}/cancel`)).body.status).toBe('cancelled');

    expect((await api('POST', `/v1/dead-letters/${dl.id}/discard`)).status).toBe(200);
    expect((await runUntilFinal(runs[1].id)).status).toBe('success');
    expect((await runUntilFinal(runs[3].id)).status).toBe('success');
    expect((await runUntilFinal(runs[2].id)).status).toBe('cancelled');
    expect(firstSuccessOrderByKey(log.successes).get(key)).toEqual([2, 4]);
  }, 60_000);

  it('with onDeadLetter "skip", a dead letter does not hold its key', async () => {
    const log: FlakyReceiverLog = { successes: [], failedFirstTries: 0 };
    receiver = await startReceiver(flakyResponder(log, { maxDelayMs: 20, failOneIn: 1000, alwaysFail: new Set([2]) }));
    const policy = await fastPolicy(2);
    const endpoint = await endpointFor(receiver, { ordering: 'key', onDeadLetter: 'skip', retryPolicyId: policy.id });
    const key = `stock-${unique()}`;
    const runs: any[] = [];
    for (let n = 1; n <= 4; n++) runs.push(await orderedRun(endpoint.id, key, n));
    const finals = [];
    for (const run of runs) finals.push((await runUntilFinal(run.id)).status);
    expect(finals).toEqual(['success', 'dead_letter', 'success', 'success']);
    expect(firstSuccessOrderByKey(log.successes).get(key)).toEqual([1, 3, 4]);
  }, 60_000);
});
