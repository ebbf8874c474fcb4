// PostgreSQL away for a minute (stopped, then frozen with SIGSTOP) while runs fall due, wait between
// retries and are in the middle of a call, under a short policy (fixed 1 s, 3 calls): our outage spends
// none of their attempts. Every run succeeds once the database is back, and each run's recorded
// attempts are exactly the calls its receiver saw (counted per webhook-id at the receiver).
import type { ServerResponse } from 'node:http';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { startReceiver, type Receiver, type ReceivedRequest } from '../helpers/receiver';
import { startChaosStack, type ChaosStack } from './helpers/chaos-stack';
import { apiClient, inBatches, report, sleep, waitAllFinal } from './helpers/client';
import { createEndpoint, createRetryPolicy } from './helpers/endpoints';

const PER_GROUP = Number(process.env.CHAOS_PG_GROUP ?? 20);
const DOWN_MS = Number(process.env.CHAOS_PG_ATTEMPTS_DOWN_MS ?? 60_000);
const SLOW_CALL_MS = 15_000; // the mid-call group's receiver: long enough to create the other groups meanwhile

let stack: ChaosStack;
let policyId: string;

beforeAll(async () => {
  stack = await startChaosStack('postgres-attempts');
  await stack.startWorker();
  policyId = await createRetryPolicy(stack.db, { maxAttempts: 3, intervalMs: 1000 });
});

afterAll(async () => {
  await stack?.stop();
});

interface Group {
  name: 'due' | 'midRetry' | 'midCall';
  receiver: Receiver;
  endpointId: string;
  runIds: string[];
}

async function group(name: Group['name'], respond: (req: ReceivedRequest, res: ServerResponse, callOfRun: number) => void, timeoutMs = 5000): Promise<Group> {
  const seen = new Map<string, number>();
  const receiver = await startReceiver((req, _i, res) => {
    const n = (seen.get(req.headers['webhook-id']) ?? 0) + 1;
    seen.set(req.headers['webhook-id'], n);
    respond(req, res, n);
  });
  const api = apiClient(stack.apiUrl);
  const endpoint = await createEndpoint(api, { url: receiver.url, timeoutMs, retryPolicyId: policyId });
  receiver.secret = endpoint.secret;
  return { name, receiver, endpointId: endpoint.id, runIds: [] };
}

async function createRuns(g: Group, extra: Record<string, unknown> = {}) {
  const api = apiClient(stack.apiUrl);
  g.runIds = await inBatches(PER_GROUP, 8, async (i) => {
    const res = await api('POST', '/v1/task-runs', { endpointId: g.endpointId, payload: { group: g.name, i }, ...extra });
    if (res.status !== 202) throw new Error(`task run create failed: ${res.status} ${JSON.stringify(res.body)}`);
    return res.body.id as string;
  });
}

/** Per run: calls the receiver saw (by webhook-id) against attempts the ledger recorded. */
async function figures(g: Group, backAt: number) {
  const runs = await stack.db.taskRun.findMany({
    where: { id: { in: g.runIds } },
    select: { id: true, webhookId: true, status: true, attemptCount: true, attempts: { select: { attemptNumber: true, statusCode: true } } },
  });
  const calls = new Map<string, ReceivedRequest[]>();
  for (const req of g.receiver.requests) calls.set(req.headers['webhook-id'], [...(calls.get(req.headers['webhook-id']) ?? []), req]);
  const mismatched = runs.filter((r) => (calls.get(r.webhookId)?.length ?? 0) !== r.attempts.length);
  return {
    runs: runs.length,
    success: runs.filter((r) => r.status === 'success').length,
    calls: g.receiver.requests.length,
    recorded: runs.reduce((n, r) => n + r.attempts.length, 0),
    mismatched: mismatched.length,
    maxAttemptNumber: Math.max(0, ...runs.flatMap((r) => r.attempts.map((a) => a.attemptNumber))),
    callsAfterBack: g.receiver.requests.filter((q) => q.at >= backAt).length,
    badSignatures: g.receiver.requests.filter((q) => !q.signatureValid).length,
    unknownWebhookIds: [...calls.keys()].filter((id) => !runs.some((r) => r.webhookId === id)).length,
    callsPerRun: runs.map((r) => calls.get(r.webhookId)?.length ?? 0),
    attemptNumbersPerRun: runs.map((r) => r.attempts.map((a) => a.attemptNumber).sort((a, b) => a - b)),
  };
}

async function outageCase(kind: 'stopped' | 'frozen') {
  // Mid-call: slow receivers still answering when the database goes away.
  const midCall = await group('midCall', (_req, res) => setTimeout(() => res.writeHead(200).end(), SLOW_CALL_MS), 30_000);
  await createRuns(midCall);
  await midCall.receiver.waitForRequests(PER_GROUP, 60_000);
  // Due: created now, falling due a few seconds into the outage.
  const due = await group('due', (_req, res) => res.writeHead(200).end());
  await createRuns(due, { delayMs: 8_000 });
  // Mid-retry: the first call of each run fails, its retry (1 s later) meets the outage.
  const midRetry = await group('midRetry', (_req, res, n) => res.writeHead(n === 1 ? 500 : 200).end());
  await createRuns(midRetry);
  await midRetry.receiver.waitForRequests(PER_GROUP, 60_000);

  const downAt = Date.now();
  const callsInFlightAtDown = midCall.receiver.requests.length;
  if (kind === 'stopped') await stack.stopPostgres();
  else stack.freezePostgres();
  await sleep(DOWN_MS - (Date.now() - downAt));
  if (kind === 'stopped') await stack.startPostgres();
  else stack.thawPostgres();
  const backAt = Date.now();

  const groups = [due, midRetry, midCall];
  const all = groups.flatMap((g) => g.runIds);
  const { counts } = await waitAllFinal(stack.db, all, 240_000, stack.workerDiagnostics);
  const recoveryMs = Date.now() - backAt;
  const byGroup = Object.fromEntries(await Promise.all(groups.map(async (g) => [g.name, await figures(g, backAt)] as const)));
  const summary = (f: Awaited<ReturnType<typeof figures>>) => {
    const { callsPerRun: _c, attemptNumbersPerRun: _a, ...rest } = f;
    return rest;
  };
  report(`PostgreSQL ${kind} ${DOWN_MS} ms, fixed 1 s x 3 calls`, {
    downMs: backAt - downAt, final: counts, recoveryMs, midCallInFlightAtDown: callsInFlightAtDown,
    due: summary(byGroup.due), midRetry: summary(byGroup.midRetry), midCall: summary(byGroup.midCall),
  });
  for (const g of groups) await g.receiver.close();

  expect(counts).toEqual({ success: 3 * PER_GROUP });
  for (const f of Object.values(byGroup)) {
    expect(f.mismatched).toBe(0); // recorded attempts = calls the receiver saw, run by run
    expect(f.badSignatures).toBe(0);
    expect(f.unknownWebhookIds).toBe(0);
  }
  // Falling due while the database was away cost nothing: one call each, made once it was back.
  expect(byGroup.due.callsPerRun).toEqual(Array(PER_GROUP).fill(1));
  expect(byGroup.due.callsAfterBack).toBe(PER_GROUP);
  // The failed first call and the successful second, numbered 1 and 2 of 3: the outage in between spent nothing.
  expect(byGroup.midRetry.callsPerRun).toEqual(Array(PER_GROUP).fill(2));
  expect(byGroup.midRetry.attemptNumbersPerRun).toEqual(Array(PER_GROUP).fill([1, 2]));
  // A call answered while the database was away is recorded once when it returns, never made again.
  expect(byGroup.midCall.callsPerRun).toEqual(Array(PER_GROUP).fill(1));
  expect(byGroup.midCall.attemptNumbersPerRun).toEqual(Array(PER_GROUP).fill([1]));
}

it(`PostgreSQL stopped ${DOWN_MS} ms with runs due, mid-retry and mid-call: all succeed, attempts = calls`, async () => {
  await outageCase('stopped');
}, 480_000);

it(`PostgreSQL frozen (SIGSTOP) ${DOWN_MS} ms with runs due, mid-retry and mid-call: all succeed, attempts = calls`, async () => {
  await outageCase('frozen');
}, 480_000);
