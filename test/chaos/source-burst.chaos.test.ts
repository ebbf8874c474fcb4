// A burst of signed inbound webhooks with Temporal stopped for part of it: 2,000 Standard Webhooks
// requests to one source from 20 concurrent clients that retry as providers do (a non-2xx or lost answer
// is sent again), then the first 100 sent again.
// Ingest never waits on Temporal, so every request is answered; every 202 becomes exactly one event and
// one delivery per subscribed endpoint once Temporal is back — none lost, none duplicated — and every
// repeat is a 200 naming the first event.
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { Webhook } from 'standardwebhooks';
import { startReceiver, type Receiver } from '../helpers/receiver';
import { startChaosStack, type ChaosStack } from './helpers/chaos-stack';
import { apiClient, inBatches, report, sleep, waitAllFinal } from './helpers/client';
import { createEndpoint } from './helpers/endpoints';

const REQUESTS = Number(process.env.CHAOS_SOURCE_REQUESTS ?? 2000);
const CLIENTS = 20;
const REPEATS = Math.min(100, REQUESTS);

let stack: ChaosStack;
const receivers: Receiver[] = [];

beforeAll(async () => {
  stack = await startChaosStack('source-burst');
  await stack.startWorker();
});

afterAll(async () => {
  for (const r of receivers) await r.close();
  await stack?.stop();
});

it(`${REQUESTS} signed requests from ${CLIENTS} clients, Temporal stopped for the middle half: every 202 is one event and one delivery per endpoint`, async () => {
  const api = apiClient(stack.apiUrl);
  for (let i = 0; i < 2; i++) {
    const receiver = await startReceiver();
    receiver.secret = (await createEndpoint(api, { url: receiver.url, eventTypes: ['burst.*'], timeoutMs: 5000 })).secret;
    receivers.push(receiver);
  }
  const secret = `whsec_${Buffer.from(randomUUID()).toString('base64')}`;
  const created = await api('POST', '/v1/sources', {
    name: 'burst', verification: { type: 'standard_webhooks', secret }, eventTypePrefix: 'burst.', ingestRateLimitPerSecond: 10_000,
  });
  expect(created.status).toBe(201);
  const sourceId: string = created.body.id;
  const signer = new Webhook(secret);
  const deliveryId = (i: number) => `msg_burst_${i}`;
  const statuses: Record<number, number> = {};
  /** One delivery as a provider makes it: re-signed and sent again after a non-2xx answer or no answer (15 s). */
  const send = async (i: number): Promise<{ status: number; body: { eventId: string; duplicate?: true } }> => {
    for (;;) {
      const body = JSON.stringify({ type: 'order.created', data: { n: i } });
      const headers = { 'content-type': 'application/json', 'webhook-id': deliveryId(i), 'webhook-timestamp': String(Math.floor(Date.now() / 1000)), 'webhook-signature': signer.sign(deliveryId(i), new Date(), body) };
      const res = await fetch(`${stack.apiUrl}/in/${sourceId}`, { method: 'POST', headers, body, signal: AbortSignal.timeout(15_000) }).catch(() => undefined);
      const status = res?.status ?? 0;
      statuses[status] = (statuses[status] ?? 0) + 1;
      if (res && (status === 202 || status === 200)) return { status, body: (await res.json()) as { eventId: string; duplicate?: true } };
      await res?.body?.cancel();
      await sleep(Number(res?.headers.get('retry-after') ?? 1) * 1000);
    }
  };

  // Temporal stops once a quarter of the requests are answered and comes back at three quarters.
  let answered = 0;
  let outage: Promise<void> | undefined;
  let back: Promise<void> | undefined;
  let downMs = 0;
  const startedAt = Date.now();
  const answers = await inBatches(REQUESTS, CLIENTS, async (i) => {
    const a = await send(i);
    answered++;
    if (answered === Math.floor(REQUESTS / 4)) outage = stack.stopTemporal().then(() => void (downMs = Date.now()));
    if (answered === Math.floor((3 * REQUESTS) / 4)) back = outage!.then(() => stack.startTemporal()).then(() => void (downMs = Date.now() - downMs));
    return a;
  });
  const sendMs = Date.now() - startedAt;
  const answerStatuses = { ...statuses };
  await back;
  const repeats = await inBatches(REPEATS, CLIENTS, (i) => send(i));

  const firstAnswers = answers.filter((a) => a.status === 202).length;
  report('source burst: requests answered', { requests: REQUESTS, sendMs, temporalDownMs: downMs, answers: answerStatuses, accepted202: firstAnswers });
  // Each delivery's event: its 202's, or (a retry after a lost answer) the 200's naming the first.
  const acceptedIds = [...new Set(answers.map((a) => a.body.eventId))];

  // Every accepted event fans out to both endpoints once Temporal is back.
  const events = await stack.db.event.findMany({ where: { sourceId }, select: { id: true, sourceDeliveryId: true } });
  const runsOf = () => stack.db.taskRun.findMany({ where: { eventId: { in: acceptedIds } }, select: { id: true, webhookId: true } });
  const backAt = Date.now();
  // Slow on a loaded machine is not lost: fail only when the fanout stops moving for two minutes.
  let seen = 0;
  let movedAt = Date.now();
  for (let n = (await runsOf()).length; n < acceptedIds.length * receivers.length; n = (await runsOf()).length) {
    if (n > seen) [seen, movedAt] = [n, Date.now()];
    if (Date.now() - movedAt > 120_000) throw new Error(`fanout stalled: ${n}/${acceptedIds.length * receivers.length}\n${stack.workerDiagnostics()}`);
    await sleep(2000);
  }
  const runs = await runsOf();
  const { counts } = await waitAllFinal(stack.db, runs.map((r) => r.id), 900_000, stack.workerDiagnostics);
  const drainedMs = Date.now() - backAt;

  // One task run per event and endpoint is one delivery; a receiver may see a run's call again (same
  // webhook-id) when an answer is lost under load: at-least-once, counted apart as repeatedCalls.
  const knownWebhookIds = new Set(runs.map((r) => r.webhookId));
  const perEndpoint = receivers.map((r) => {
    const ns = r.requests.map((q) => (JSON.parse(q.body) as { data: { data: { n: number } } }).data.data.n);
    const webhookIds = new Set(r.requests.map((q) => q.headers['webhook-id']));
    return { calls: ns.length, distinct: new Set(ns).size, webhookIds: webhookIds.size, unknown: [...webhookIds].filter((id) => !knownWebhookIds.has(id)).length };
  });
  const figures = {
    requests: REQUESTS, clients: CLIENTS, events: events.length, distinctDeliveryIds: new Set(events.map((e) => e.sourceDeliveryId)).size,
    repeats: repeats.map((r) => r.status).filter((s) => s === 200).length + `/${REPEATS} answered 200`,
    runs: runs.length, final: counts, drainedAfterBackMs: drainedMs,
    delivered: perEndpoint.map((p) => p.distinct),
    lost: perEndpoint.reduce((n, p) => n + (acceptedIds.length - p.distinct), 0),
    duplicated: runs.length - acceptedIds.length * receivers.length + perEndpoint.reduce((n, p) => n + (p.webhookIds - p.distinct), 0),
    repeatedCalls: perEndpoint.reduce((n, p) => n + (p.calls - p.webhookIds), 0),
    unknownWebhookIds: perEndpoint.reduce((n, p) => n + p.unknown, 0),
  };
  report('source burst with Temporal stopped', figures);

  expect(downMs).toBeGreaterThan(0);
  // Every 202 is an event of its own; a 200 after a retry names one of them; no event without a 202.
  expect(new Set(answers.filter((a) => a.status === 202).map((a) => a.body.eventId)).size).toBe(firstAnswers);
  expect(acceptedIds).toHaveLength(REQUESTS);
  expect(events.map((e) => e.id).sort()).toEqual([...acceptedIds].sort());
  expect(figures.distinctDeliveryIds).toBe(REQUESTS);
  repeats.forEach((r, i) => expect(r).toEqual({ status: 200, body: { eventId: answers[i].body.eventId, duplicate: true } }));
  expect(counts).toEqual({ success: REQUESTS * receivers.length });
  expect(figures.lost).toBe(0);
  expect(figures.duplicated).toBe(0);
  expect(figures.unknownWebhookIds).toBe(0);
  for (const r of receivers) expect(r.requests.every((q) => q.signatureValid)).toBe(true);
}, 2_400_000);
