// Temporal away for a minute — stopped (connections refused) or frozen with SIGSTOP (connections
// accepted, nothing answered) — while task runs and events arrive at a steady rate. Ingest does not
// wait on Temporal: every request is answered 2xx at its normal latency, runs say they wait for the
// workflow engine, and once Temporal is back every accepted run is delivered, none lost.
import { afterAll, beforeAll, expect, it } from 'vitest';
import { startReceiver, type Receiver } from '../helpers/receiver';
import { startChaosStack, type ChaosStack } from './helpers/chaos-stack';
import { apiClient, report, sleep, waitAllFinal } from './helpers/client';
import { createEndpoint } from './helpers/endpoints';
import { percentile } from '../../bench/stats';

const RUNS = Number(process.env.CHAOS_OUTAGE_RUNS ?? 500);
const EVENTS = Number(process.env.CHAOS_OUTAGE_EVENTS ?? 50);
const DOWN_MS = Number(process.env.CHAOS_OUTAGE_DOWN_MS ?? 60_000);
const EVENT_TYPE = 'chaos.outage';

let stack: ChaosStack;

beforeAll(async () => {
  stack = await startChaosStack('temporal-outage');
  await stack.startWorker();
});

afterAll(async () => {
  await stack?.stop();
});

interface Sent {
  runIds: string[];
  eventIds: string[];
  statuses: Record<number, number>;
  latenciesMs: number[];
}

/** Sends RUNS task runs and EVENTS events spread evenly over `spreadMs`, one request at a time per tick. */
async function sendSteadily(api: ReturnType<typeof apiClient>, endpointId: string, spreadMs: number, tag: string): Promise<Sent> {
  const sent: Sent = { runIds: [], eventIds: [], statuses: {}, latenciesMs: [] };
  const total = RUNS + EVENTS;
  const everyNth = Math.max(1, Math.floor(total / Math.max(1, EVENTS))); // one event among every N requests
  const started = Date.now();
  const inFlight: Array<Promise<void>> = [];
  let events = 0;
  for (let i = 0; i < total; i++) {
    await sleep(Math.max(0, started + (i * spreadMs) / total - Date.now()));
    // The last requests make up any events the spacing left out, so exactly EVENTS are sent.
    const isEvent = events < EVENTS && (i % everyNth === everyNth - 1 || total - i <= EVENTS - events);
    if (isEvent) events++;
    const call = isEvent
      ? api('POST', '/v1/events', { type: EVENT_TYPE, payload: { tag, i } }, 10_000)
      : api('POST', '/v1/task-runs', { endpointId, payload: { tag, i } }, 10_000);
    inFlight.push(
      call.then(
        (res) => {
          sent.statuses[res.status] = (sent.statuses[res.status] ?? 0) + 1;
          sent.latenciesMs.push(res.ms);
          if (res.status === 202) (isEvent ? sent.eventIds : sent.runIds).push(res.body.id);
        },
        () => {
          sent.statuses[0] = (sent.statuses[0] ?? 0) + 1; // no answer within 10 s
        },
      ),
    );
  }
  await Promise.all(inFlight);
  return sent;
}

async function outageCase(kind: 'stopped' | 'frozen', receiver: Receiver, endpointId: string) {
  const api = apiClient(stack.apiUrl);
  const tag = `${kind}-${Date.now()}`;
  const outageStarted = Date.now();
  if (kind === 'stopped') await stack.stopTemporal();
  else stack.freezeTemporal();

  const sending = sendSteadily(api, endpointId, DOWN_MS - 8000, tag);
  await sleep(5000);
  const health = await api('GET', '/healthz');
  const ready = await api('GET', '/readyz');
  const sent = await sending;
  const waiting = await stack.db.taskRun.findFirst({ where: { id: { in: sent.runIds }, status: 'pending' } });
  const backlogWhileDown = await stack.db.pendingStart.count();
  await sleep(Math.max(0, DOWN_MS - (Date.now() - outageStarted)));

  if (kind === 'stopped') await stack.startTemporal();
  else stack.thawTemporal();
  const backAt = Date.now();

  // Each event fans out to the one subscribed endpoint: one run per event.
  const eventRuns = async () => stack.db.taskRun.findMany({ where: { eventId: { in: sent.eventIds } }, select: { id: true } });
  for (;;) {
    if ((await eventRuns()).length === sent.eventIds.length) break;
    if (Date.now() - backAt > 180_000) throw new Error(`events not fanned out: ${(await eventRuns()).length}/${sent.eventIds.length}\n${stack.workerDiagnostics()}`);
    await sleep(500);
  }
  const allRunIds = [...sent.runIds, ...(await eventRuns()).map((r) => r.id)];
  const { counts } = await waitAllFinal(stack.db, allRunIds, 240_000, stack.workerDiagnostics);
  const drainedMs = Date.now() - backAt;

  const runs = await stack.db.taskRun.findMany({ where: { id: { in: allRunIds } }, select: { webhookId: true } });
  const known = new Set(runs.map((r) => r.webhookId));
  const seen = receiver.requests.filter((r) => r.body.includes(tag));
  const calls = new Map<string, number>();
  for (const r of seen) calls.set(r.headers['webhook-id'], (calls.get(r.headers['webhook-id']) ?? 0) + 1);
  const figures = {
    kind, downMs: backAt - outageStarted, requests: RUNS + EVENTS, answers: sent.statuses,
    apiP50Ms: percentile(sent.latenciesMs, 50), apiP99Ms: percentile(sent.latenciesMs, 99), apiMaxMs: Math.max(...sent.latenciesMs),
    healthzWhileDown: `${health.status} temporal=${health.body?.temporal}`, readyzWhileDown: ready.status,
    backlogWhileDown, runs: allRunIds.length, final: counts,
    delivered: runs.filter((r) => calls.has(r.webhookId)).length,
    lost: runs.filter((r) => !calls.has(r.webhookId)).length,
    duplicates: seen.length - calls.size,
    unknownWebhookIds: [...calls.keys()].filter((id) => !known.has(id)).length,
    drainedAfterBackMs: drainedMs,
  };
  report(`Temporal ${kind} ${DOWN_MS} ms`, figures);

  expect(sent.statuses).toEqual({ 202: RUNS + EVENTS });
  expect(Math.max(...sent.latenciesMs)).toBeLessThan(2000);
  expect(health.status).toBe(200);
  expect(health.body.temporal).toBe('down');
  expect(ready.status).toBe(503);
  expect(waiting?.statusReason).toMatch(/waiting for the workflow engine/);
  expect(counts).toEqual({ success: RUNS + EVENTS });
  expect(figures.lost).toBe(0);
  expect(figures.unknownWebhookIds).toBe(0);
  expect(seen.every((r) => r.signatureValid)).toBe(true);
}

let receiver: Receiver;
let endpointId: string;

it(`Temporal stopped ${DOWN_MS} ms while ${RUNS} runs and ${EVENTS} events arrive: all answered 2xx, all delivered once it is back`, async () => {
  receiver = await startReceiver();
  const api = apiClient(stack.apiUrl);
  const endpoint = await createEndpoint(api, { url: receiver.url, eventTypes: [EVENT_TYPE], timeoutMs: 5000 });
  receiver.secret = endpoint.secret;
  endpointId = endpoint.id;
  await outageCase('stopped', receiver, endpointId);
});

it(`Temporal frozen (SIGSTOP) ${DOWN_MS} ms while ${RUNS} runs and ${EVENTS} events arrive: all answered 2xx, all delivered once it is back`, async () => {
  await outageCase('frozen', receiver, endpointId);
  await receiver.close();
});
