// Transformations at delivery, through the real stack (API, worker, Temporal, PostgreSQL) to real
// loopback receivers that verify each signature with `standardwebhooks` over the body they received:
// the function runs before signing; cancel ends the run cancelled; a failure dead-letters it without a
// call or an attempt, and a replay after a fix delivers it (transformed once); a transformed URL the
// delivery policy refuses is refused as today.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { api, runUntilFinal } from './helpers/api';
import { endpointFor } from './helpers/endpoints';
import { respondWith, startReceiver, type Receiver } from './helpers/receiver';

let receiver: Receiver;
beforeAll(async () => {
  receiver = await startReceiver(respondWith(200));
});
afterAll(() => receiver?.close());

async function run(endpointId: string, payload: unknown) {
  const res = await api('POST', '/v1/task-runs', { endpointId, payload });
  expect(res.status).toBe(202);
  return runUntilFinal(res.body.id);
}
// The receiver listens on /hook; each test delivers below it.
const requestsTo = (path: string) => receiver.requests.filter((r) => r.path.startsWith(`/hook${path}`));
const attemptsOf = async (runId: string) => (await api('GET', `/v1/task-runs/${runId}/attempts`)).body.data as any[];

describe('a transformation at delivery', () => {
  it('reshapes the body, adds a header and changes the path before signing; stored header values reach the receiver', async () => {
    const endpoint = await endpointFor(receiver, {
      url: `${receiver.url}/reshape`,
      headers: { Authorization: 'Bearer stored-token-1' },
      transformation: { code: `function handler(w) {
        w.payload = { orderId: w.payload.order.id, total: w.payload.order.cents / 100, at: Date.now() };
        w.headers['x-shape'] = 'flat';
        w.url = w.url + '/v2';
        return w;
      }` },
    });
    const final = await run(endpoint.id, { order: { id: 'ord_7', cents: 4200 } });
    expect(final.status).toBe('success');
    const [received] = requestsTo('/reshape');
    expect(received.path).toBe('/hook/reshape/v2');
    expect(received.signatureValid).toBe(true);
    expect(received.headers['x-shape']).toBe('flat');
    expect(received.headers.authorization).toBe('Bearer stored-token-1');
    const body = JSON.parse(received.body);
    expect(body).toEqual({ orderId: 'ord_7', total: 42, at: Number(received.headers['webhook-timestamp']) * 1000 });
    const [attempt] = await attemptsOf(final.id);
    expect(attempt.request.url).toMatch(/\/reshape\/v2$/);
  });

  it('ends the run cancelled when the function returns cancel: true, with no call', async () => {
    const endpoint = await endpointFor(receiver, { url: `${receiver.url}/cancel`, transformation: { code: 'function handler(w) { if (w.payload.skip) return { cancel: true }; return w }' } });
    const final = await run(endpoint.id, { skip: true });
    expect(final).toMatchObject({ status: 'cancelled', statusReason: 'cancelled by transformation' });
    expect(requestsTo('/cancel')).toHaveLength(0);
    expect(await attemptsOf(final.id)).toHaveLength(0);
  });

  it('dead-letters a throwing function with no call and no attempt; a replay after the fix delivers it, transformed once', async () => {
    const endpoint = await endpointFor(receiver, {
      url: `${receiver.url}/throws`,
      transformation: { code: 'function handler(w) {\n  throw new Error("no mapping for " + w.payload.kind)\n}' },
    });
    const final = await run(endpoint.id, { kind: 'refund' });
    expect(final.status).toBe('dead_letter');
    expect(final.statusReason).toMatch(/^transformation failed: Error: no mapping for refund \(line 2/);
    expect(requestsTo('/throws')).toHaveLength(0);
    expect(await attemptsOf(final.id)).toHaveLength(0);
    const dl = (await api('GET', `/v1/dead-letters?endpointId=${endpoint.id}`)).body.data[0];
    expect(dl).toMatchObject({ reason: 'transformation_failed' });
    const ep = (await api('GET', `/v1/endpoints/${endpoint.id}`)).body;
    expect(ep.circuit.state).toBe('closed');
    expect(ep.status).toBe('active');

    await api('PATCH', `/v1/endpoints/${endpoint.id}`, { transformation: { code: 'function handler(w) { w.payload = { wrapped: w.payload }; return w }' } });
    const replay = await api('POST', `/v1/dead-letters/${dl.id}/replay`);
    expect(replay.status).toBe(202);
    expect((await runUntilFinal(replay.body.taskRun.id)).status).toBe('success');
    const [received] = requestsTo('/throws');
    expect(received.signatureValid).toBe(true);
    expect(JSON.parse(received.body)).toEqual({ wrapped: { kind: 'refund' } });
  });

  it('contains an infinite loop, a 1 GB allocation, require, process.exit, fetch and globalThis tampering while other runs are delivered', async () => {
    const bad = [
      ['loop', 'while (true) {}', /time limit/],
      ['alloc', 'w.payload = new Uint8Array(1024 * 1024 * 1024)', /memory limit/],
      ['require', "require('fs')", /'require' is not defined/],
      ['exit', 'process.exit(1)', /'process' is not defined/],
      ['fetch', "fetch('http://127.0.0.1:9/')", /'fetch' is not defined/],
    ] as const;
    const endpoints = await Promise.all(bad.map(([name, line]) => endpointFor(receiver, { url: `${receiver.url}/bad-${name}`, transformation: { code: `function handler(w) { ${line}; return w }` } })));
    const tamper = await endpointFor(receiver, { url: `${receiver.url}/tamper`, transformation: { code: "globalThis.x = 'leak'; Object.prototype.cancel = true; function handler(w) { return w }" } });
    const healthy = await endpointFor(receiver, { url: `${receiver.url}/healthy`, transformation: { code: 'function handler(w) { w.headers["x-seen"] = typeof globalThis.x; w.payload.cancel = ({}).cancel === true; return w }' } });

    const [badRuns, tamperRun, healthyRuns] = await Promise.all([
      Promise.all(endpoints.map((e) => run(e.id, { n: 1 }))),
      run(tamper.id, { n: 1 }),
      Promise.all([1, 2, 3].map((n) => run(healthy.id, { n }))),
    ]);
    badRuns.forEach((r, i) => {
      expect(r.status, bad[i][0]).toBe('dead_letter');
      expect(r.statusReason, bad[i][0]).toMatch(bad[i][2]);
    });
    expect(tamperRun.status).toBe('success');
    expect(healthyRuns.map((r) => r.status)).toEqual(['success', 'success', 'success']);
    for (const req of requestsTo('/healthy')) {
      expect(req.signatureValid).toBe(true);
      expect(req.headers['x-seen']).toBe('undefined');
      expect(JSON.parse(req.body).cancel).toBe(false);
    }
    for (const [name] of bad) expect(requestsTo(`/bad-${name}`)).toHaveLength(0);
  });

  it('refuses a transformed URL that points at a private address, as a refused address is today', async () => {
    const endpoint = await endpointFor(receiver, { url: `${receiver.url}/private`, transformation: { code: "function handler(w) { w.url = 'http://10.0.0.1/internal'; return w }" } });
    const final = await run(endpoint.id, { n: 1 });
    expect(final.status).toBe('dead_letter');
    const attempts = await attemptsOf(final.id);
    expect(attempts).toHaveLength(1);
    expect(attempts[0].request.url).toBe('http://10.0.0.1/internal');
    expect(JSON.stringify(attempts[0])).toMatch(/refused/);
    expect(requestsTo('/private')).toHaveLength(0);
  });
});
