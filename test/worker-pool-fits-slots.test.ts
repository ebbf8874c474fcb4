// The worker's database pool fits its slots: 200 deliveries at once on one worker (its default 200
// activity slots, its default pool) all go through on their first attempt, and no query of the worker
// gives up waiting for a pooled connection. The runs are due at one moment and each receiver holds its
// calls, so all 200 are in flight together.
import { readFile } from 'node:fs/promises';
import { afterAll, describe, expect, inject, it } from 'vitest';
import { api, waitFor } from './helpers/api';
import { endpointFor, type CreatedEndpoint } from './helpers/endpoints';
import { holdingResponder, runsOf, type InFlightLog } from './helpers/flow';
import { startReceiver, type Receiver } from './helpers/receiver';

const DELIVERIES = 200;
// The worker's fair share lets one endpoint use a quarter of its slots: 8 endpoints fill all 200.
const ENDPOINTS = 8;
// Long enough for the last of the 200 to start before the first returns, on a busy 2-core machine.
const HOLD_MS = 20_000;
/** What pg's pool and Prisma say when a query waited too long for a connection. */
const POOL_TIMEOUT = /timeout exceeded when trying to connect|Timed out fetching a new connection|P2024/i;

const receivers: Receiver[] = [];
afterAll(async () => {
  await Promise.all(receivers.map((r) => r.close()));
});

describe("the worker's database pool", () => {
  it(`serves ${DELIVERIES} concurrent deliveries on one worker without a wait for a connection timing out`, async () => {
    const log: InFlightLog = { now: 0, max: 0 };
    const endpoints: CreatedEndpoint[] = [];
    for (let i = 0; i < ENDPOINTS; i++) {
      const receiver = await startReceiver(holdingResponder(log, HOLD_MS));
      receivers.push(receiver);
      // A generous timeout: a call held 20 s on a busy machine must not time out and be retried.
      endpoints.push(await endpointFor(receiver, { timeoutMs: 60_000 }));
    }
    const logStart = (await readFile(inject('logFile'), 'utf8')).length;
    // Due together, far enough ahead for every accept to land first.
    const runAt = new Date(Date.now() + 15_000).toISOString();
    const ids = await Promise.all(
      Array.from({ length: DELIVERIES }, async (_, n) => {
        const res = await api('POST', '/v1/task-runs', { endpointId: endpoints[n % ENDPOINTS].id, payload: { n }, runAt });
        expect(res.status).toBe(202);
        return res.body.id as string;
      }),
    );

    const runs = await waitFor(() => runsOf(ids), (rs) => rs.every((r) => r.status === 'success'), 120_000, 1_000);
    const retried = runs.filter((r) => r.attemptCount !== 1);
    const why = await Promise.all(retried.map(async (r) => (await api('GET', `/v1/task-runs/${r.id}/attempts`)).body.data.map((a: any) => a.errorMessage)));
    expect(retried.length, JSON.stringify(why.slice(0, 5))).toBe(0);
    expect(receivers.reduce((n, r) => n + r.requests.length, 0)).toBe(DELIVERIES);
    const newLog = (await readFile(inject('logFile'), 'utf8')).slice(logStart);
    expect(newLog.split('\n').filter((line) => POOL_TIMEOUT.test(line))).toEqual([]);
    // Nearly all 200 were held open at once (the last few may still be starting as the first return).
    expect(log.max).toBeGreaterThanOrEqual(DELIVERIES * 0.9);
  }, 240_000);
});
