// Faults on the production topology, each in the middle of a load through the balanced API: kill -9
// one worker, kill -9 one API replica (then start it again), kill -9 one Temporal host (its history
// shards move to the other). Every run the API accepted is delivered; a run delivered twice carries
// the same webhook-id both times. Each case brings the killed piece back for the next.
import { afterAll, describe, expect, inject, it } from 'vitest';
import { createDb } from '../../src/db/prisma';
import type { ShardReading } from '../../src/stack/temporal-cluster/cluster';
import { apiClient, sleep, statusCounts, waitAllFinal } from '../chaos/helpers/client';
import { acceptedFigures, report, startAcceptedLoad } from './helpers/accepted-load';
import { control } from './helpers/control';

const RUNS = Number(process.env.CLUSTER_RUNS ?? 300);
const controlUrl = inject('clusterControlUrl');
const db = createDb(inject('databaseUrl'));
const api = apiClient(inject('apiUrl'), inject('apiKey'));
const diagnostics = () => control<string>(controlUrl, 'diagnostics');

afterAll(async () => {
  await db.$disconnect();
});

/** Waits until every accepted run is final, with the stack's own diagnostics on a timeout. */
async function allFinal(ids: string[], timeoutMs: number) {
  try {
    return await waitAllFinal(db, ids, timeoutMs);
  } catch (err) {
    throw new Error(`${(err as Error).message}\n${await diagnostics()}`);
  }
}

function expectNothingLost(f: Awaited<ReturnType<typeof acceptedFigures>>) {
  expect(f.lost).toBe(0);
  expect(f.delivered).toBe(f.accepted);
  expect(f.severalWebhookIds).toBe(0);
  expect(f.foreignWebhookIds).toBe(0);
  expect(f.badSignatures).toBe(0);
}

describe('faults on a two-host Temporal cluster with two workers and two API replicas', () => {
  it(`kill -9 one of two workers with runs in flight (${RUNS} runs): the other delivers all, none lost`, { timeout: 420_000 }, async () => {
    // Receivers take 100 ms, so deliveries overlap and the kill lands with many in flight.
    const load = await startAcceptedLoad(api, { count: RUNS, delayMs: 100, retryUnanswered: true });
    await load.receiver.waitForRequests(Math.floor(RUNS / 4), 180_000);
    const atKill = await statusCounts(db, [...load.accepted.values()]);
    const killedAt = Date.now();
    await control(controlUrl, 'kill-worker', 0);
    await load.done;
    const { counts } = await allFinal([...load.accepted.values()], 300_000);
    const recoveryMs = Date.now() - killedAt;
    const figures = await acceptedFigures(db, load);
    report('worker kill -9', {
      requested: RUNS, statusAtKill: atKill, final: counts, ...figures, refused: load.refused, noAnswerErrors: load.noAnswerErrors, recoveryMs,
    });
    await control(controlUrl, 'start-worker', 0);

    expect(load.accepted.size).toBe(RUNS);
    expect(figures.unansweredStored).toBe(0); // no call sent again had been stored the first time
    expect(counts).toEqual({ success: RUNS });
    expectNothingLost(figures);
  });

  it(`kill -9 one of two API replicas under load, then start it again (${RUNS} runs): every accepted run delivered`, { timeout: 420_000 }, async () => {
    const load = await startAcceptedLoad(api, { count: RUNS, delayMs: 20, width: 8 });
    await load.receiver.waitForRequests(Math.floor(RUNS / 4), 180_000);
    const killedAt = Date.now();
    await control(controlUrl, 'kill-api', 0);
    await sleep(1000);
    await control(controlUrl, 'start-api', 0);
    const restartMs = Date.now() - killedAt;
    await load.done;
    const { counts } = await allFinal([...load.accepted.values()], 300_000);
    const figures = await acceptedFigures(db, load);
    report('API replica kill -9 + restart', { requested: RUNS, unanswered: load.unanswered, final: counts, ...figures, refused: load.refused, restartMs });

    // Calls cut off with the replica got no answer; everything answered 2xx was delivered.
    expect(figures.accepted + load.unanswered).toBe(RUNS);
    expect(figures.accepted).toBeGreaterThan(RUNS / 2);
    expect(counts).toEqual({ success: figures.accepted });
    expectNothingLost(figures);
  });

  it(`kill -9 one of two Temporal hosts under load (${RUNS} runs): its shards move to the other, none lost`, { timeout: 600_000 }, async () => {
    const shards = (s: ShardReading) => s.perHost.reduce((a, b) => a + b, 0) + s.elsewhere;
    const before = await control<ShardReading>(controlUrl, 'shards');
    expect(before.perHost[1]).toBeGreaterThan(0); // host 2 owns shards: killing it moves something

    const load = await startAcceptedLoad(api, { count: RUNS, delayMs: 100, retryUnanswered: true });
    await load.receiver.waitForRequests(Math.floor(RUNS / 4), 180_000);
    const killedAt = Date.now();
    await control(controlUrl, 'kill-host', 1);
    let after = before;
    while (after.perHost[0] !== shards(before) && Date.now() - killedAt < 180_000) {
      await sleep(500);
      after = await control<ShardReading>(controlUrl, 'shards');
    }
    const shardsMovedMs = Date.now() - killedAt;
    await load.done;
    const { counts } = await allFinal([...load.accepted.values()], 300_000);
    const recoveryMs = Date.now() - killedAt;
    const figures = await acceptedFigures(db, load);
    report('Temporal host kill -9', {
      requested: RUNS, shardsBefore: before.perHost, shardsAfter: after.perHost, shardsMovedMs, final: counts, ...figures, refused: load.refused,
      noAnswerErrors: load.noAnswerErrors, recoveryMs,
    });

    expect(after.perHost).toEqual([shards(before), 0]);
    expect(load.accepted.size).toBe(RUNS);
    expect(figures.unansweredStored).toBe(0);
    expect(counts).toEqual({ success: RUNS });
    expectNothingLost(figures);

    // Host 2 back: it takes a share of the shards again.
    const restartedAt = Date.now();
    await control(controlUrl, 'start-host', 1);
    let back = after;
    while (back.perHost[1] === 0 && Date.now() - restartedAt < 120_000) {
      await sleep(1000);
      back = await control<ShardReading>(controlUrl, 'shards');
    }
    report('Temporal host back', { shards: back.perHost, rebalancedMs: Date.now() - restartedAt });
    expect(back.perHost[1]).toBeGreaterThan(0);
  });
});
