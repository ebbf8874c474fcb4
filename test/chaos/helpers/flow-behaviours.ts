// The flow-control behaviours a user sees, as one round that can be run again and again on one stack:
// maxConcurrency 2 kept and all delivered, rateLimitPerSecond 4 kept and all delivered, runs behind a
// circuit that closed all delivered, and runs held by a paused endpoint all called soon after resume.
// Each returns its figures; the caller asserts.
import { PAUSED_REASON } from '../../../activities/delivery/claim-run';
import { startReceiver, type Receiver } from '../../helpers/receiver';
import type { ChaosStack } from './chaos-stack';
import { apiClient, inBatches, sleep, waitAllFinal } from './client';
import { createEndpoint, createRetryPolicy, createRun } from './endpoints';

type Api = ReturnType<typeof apiClient>;

export interface RoundFigures {
  concurrency: { delivered: number; of: number; maxInFlight: number; ms: number };
  rate: { delivered: number; of: number; busiestSecond: number; spanMs: number };
  circuit: { delivered: number; of: number; msAfterRecovery: number };
  pause: { held: number; calledWithinMs: number; of: number };
}

const openReceivers: Receiver[] = [];
export const closeReceivers = () => Promise.all(openReceivers.splice(0).map((r) => r.close()));

async function receiver(respond?: Parameters<typeof startReceiver>[0]) {
  const r = await startReceiver(respond);
  openReceivers.push(r);
  return r;
}

/** n runs, 10 requests at a time; a 503 (the API's database pool busy on a loaded machine) is retried, as a client would. */
export const many = (api: Api, endpointId: string, n: number) =>
  inBatches(n, 10, async (i) => {
    for (let tries = 1; ; tries++) {
      try {
        return await createRun(api, endpointId, { i });
      } catch (err) {
        if (tries >= 5 || !/ 503 /.test((err as Error).message)) throw err;
        await sleep(500);
      }
    }
  });

async function delivered(stack: ChaosStack, ids: string[], timeoutMs: number): Promise<number> {
  try {
    await waitAllFinal(stack.db, ids, timeoutMs);
  } catch {
    // counted below
  }
  return stack.db.taskRun.count({ where: { id: { in: ids }, status: 'success' } });
}

/** maxConcurrency 2, 400 ms per call, 16 runs: never more than 2 at once, all delivered within 90 s. */
export async function concurrencyCase(stack: ChaosStack, api: Api, runs = 16): Promise<RoundFigures['concurrency']> {
  let now = 0;
  let maxInFlight = 0;
  const r = await receiver((_req, _i, res) => {
    maxInFlight = Math.max(maxInFlight, ++now);
    setTimeout(() => {
      now--;
      res.writeHead(200).end();
    }, 400);
  });
  const endpoint = await createEndpoint(api, { url: r.url, maxConcurrency: 2 });
  const started = Date.now();
  const ids = await many(api, endpoint.id, runs);
  const ok = await delivered(stack, ids, 90_000);
  return { delivered: ok, of: runs, maxInFlight, ms: Date.now() - started };
}

/** rateLimitPerSecond 4, 20 runs: no second sees more than the burst plus one second's refill; all delivered within 90 s. */
export async function rateCase(stack: ChaosStack, api: Api, runs = 20): Promise<RoundFigures['rate']> {
  const r = await receiver();
  const endpoint = await createEndpoint(api, { url: r.url, rateLimitPerSecond: 4 });
  const ids = await many(api, endpoint.id, runs);
  const ok = await delivered(stack, ids, 90_000);
  const at = r.requests.map((q) => q.at).sort((a, b) => a - b);
  const busiestSecond = Math.max(0, ...at.map((t) => at.filter((u) => u >= t && u < t + 1000).length));
  return { delivered: ok, of: runs, busiestSecond, spanMs: at.length ? at.at(-1)! - at[0] : 0 };
}

/** 30 runs behind an open circuit (3 failures, probe every 2 s); the receiver recovers: all delivered within 120 s. */
export async function circuitCase(stack: ChaosStack, api: Api, runs = 30): Promise<RoundFigures['circuit']> {
  let recovered = false;
  const r = await receiver((_req, _i, res) => res.writeHead(recovered ? 200 : 503).end());
  // Retries 200 ms apart: a run whose call failed before the circuit opened comes back behind it at once.
  const retryPolicyId = await createRetryPolicy(stack.db, { maxAttempts: 100, intervalMs: 200 });
  const endpoint = await createEndpoint(api, { url: r.url, retryPolicyId, circuitBreaker: { consecutiveFailures: 3, probeIntervalMs: 2000 } });
  const ids = await many(api, endpoint.id, runs);
  for (let i = 0; i < 300; i++) {
    const e = (await api('GET', `/v1/endpoints/${endpoint.id}`)).body;
    if (e.circuit?.state !== 'closed') break;
    await sleep(100);
  }
  await sleep(3000); // the runs park behind it
  recovered = true;
  const at = Date.now();
  const ok = await delivered(stack, ids, 120_000);
  return { delivered: ok, of: runs, msAfterRecovery: Date.now() - at };
}

/** 6 runs held by a paused endpoint; resumed: how long until every one was called. */
export async function pauseCase(stack: ChaosStack, api: Api, runs = 6): Promise<RoundFigures['pause']> {
  const r = await receiver();
  const endpoint = await createEndpoint(api, { url: r.url });
  await api('POST', `/v1/endpoints/${endpoint.id}/pause`);
  const ids = await many(api, endpoint.id, runs);
  let held = 0;
  for (let i = 0; i < 600 && held < runs; i++) {
    held = await stack.db.taskRun.count({ where: { id: { in: ids }, status: 'pending', statusReason: PAUSED_REASON } });
    if (held < runs) await sleep(100);
  }
  await sleep(1000); // parked, not just marked
  const resumedAt = Date.now();
  await api('POST', `/v1/endpoints/${endpoint.id}/resume`);
  await r.waitForRequests(runs, 120_000).catch(() => undefined);
  const last = Math.max(...r.requests.map((q) => q.at));
  return { held, calledWithinMs: r.requests.length >= runs ? last - resumedAt : Number.POSITIVE_INFINITY, of: runs };
}

/** Every behaviour once, one after another (they share the worker, as on a long-lived stack). */
export async function flowRound(stack: ChaosStack): Promise<RoundFigures> {
  const api = apiClient(stack.apiUrl);
  const [concurrency, rate] = await Promise.all([concurrencyCase(stack, api), rateCase(stack, api)]);
  const [circuit, pause] = await Promise.all([circuitCase(stack, api), pauseCase(stack, api)]);
  return { concurrency, rate, circuit, pause };
}
