// Parking and waking in PostgreSQL (activities/flow/parking.ts, src/services/parked-runs.ts), against
// the test stack's database: a parked run is woken once, oldest first, by the change it waits for,
// through an outbox row; and a parker that looks after the change commits does not park at all.
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { createParking, PARKED_BACKSTOP_MS } from '../activities/flow/parking';
import { OUTBOX_CHANNEL } from '../src/dispatch/outbox-wakeups';
import { createDb, type Db } from '../src/db/prisma';
import { newId } from '../src/domain/node/ids';

let db: Db;
const taskQueue = `parked-${process.pid}`;
let nudges = 0;
const handoff = { taskQueue, nudge: () => void nudges++, backlog: () => ({ count: 0, oldestSeconds: 0 }), backlogLimit: Infinity };

beforeAll(() => {
  db = createDb(inject('databaseUrl'));
});
afterAll(async () => db.$disconnect());

const wakeRows = async () =>
  (await db.pendingStart.findMany({ where: { taskQueue, kind: 'signal' }, orderBy: { availableAt: 'asc' } })).map((r) => (r.request as { workflowId: string }).workflowId);

describe('parked runs', () => {
  it('a freed slot wakes the oldest run parked for the key, once, through the outbox', async () => {
    const parking = createParking(db, handoff);
    const flowKey = `endpoint:${newId('endpoint')}`;
    const endpointId = newId('endpoint');
    // Both slots taken (maxConcurrency 2).
    await db.flowSlot.createMany({ data: [0, 1].map((slot) => ({ flowKey, slot, taskRunId: `holder-${slot}`, expiresAt: new Date(Date.now() + 60_000) })) });
    const runs = ['a', 'b', 'c'].map((n) => ({ taskRunId: `${flowKey}-${n}`, workflowId: `wf-${flowKey}-${n}`, endpointId }));
    const waits = [];
    for (const run of runs) waits.push(await parking.park(run, { reason: 'concurrency', flowKey, maxConcurrency: 2 }));
    expect(waits.map((ms) => ms > PARKED_BACKSTOP_MS * 0.75 - 5_000 && ms <= PARKED_BACKSTOP_MS * 1.25 + 1), JSON.stringify(waits)).toEqual([true, true, true]);

    await parking.freed(flowKey, ['concurrency'], { number: 0, taskRunId: 'holder-0' });
    expect(await wakeRows()).toEqual([runs[0].workflowId]);
    expect(await db.flowSlot.count({ where: { flowKey } })).toBe(1);
    await parking.freed(flowKey, ['concurrency'], { number: 1, taskRunId: 'holder-1' });
    expect(await wakeRows()).toEqual([runs[0].workflowId, runs[1].workflowId]);
    expect(nudges).toBeGreaterThanOrEqual(2);

    // Parking again keeps its place: a's first park is older than c's.
    await parking.park(runs[0], { reason: 'concurrency', flowKey, maxConcurrency: 0 });
    const order = await db.parkedRun.findMany({ where: { flowKey, wokenAt: null }, orderBy: { parkedAt: 'asc' } });
    expect(order.map((r) => r.taskRunId)).toEqual([runs[0].taskRunId, runs[2].taskRunId]);
  });

  it('a run that parks after the slot was freed does not park: it goes now', async () => {
    const parking = createParking(db, handoff);
    const flowKey = `endpoint:${newId('endpoint')}`;
    expect(await parking.park({ taskRunId: `${flowKey}-x`, workflowId: 'wf-x', endpointId: 'e' }, { reason: 'concurrency', flowKey, maxConcurrency: 1 })).toBe(0);
  });

  it('rate: each run parked behind the others waits one token longer', async () => {
    const parking = createParking(db, handoff);
    const flowKey = `endpoint:${newId('endpoint')}`;
    for (let i = 0; i < 4; i++) {
      const ms = await parking.park({ taskRunId: `${flowKey}-${i}`, workflowId: `wf-${i}`, endpointId: 'e' }, { reason: 'rate', flowKey, retryInMs: 1, ratePerSecond: 1 });
      expect(ms).toBeGreaterThan(0);
    }
    // Each behind the one before by one token (1 s at 1 per second), by the database's clock.
    const times = (await db.parkedRun.findMany({ where: { flowKey }, orderBy: { mayGoAt: 'asc' } })).map((r) => r.mayGoAt.getTime());
    expect(times.slice(1).map((t, i) => t - times[i])).toEqual([1000, 1000, 1000]);
  });

  it('a wake-up is heard by a listening dispatcher when it commits, not at its next sweep', async () => {
    const parking = createParking(db, handoff);
    const endpointId = newId('endpoint');
    const run = { taskRunId: `${endpointId}-r`, workflowId: `wf-${endpointId}-r`, endpointId };
    await parking.park(run, { reason: 'fair_share', flowKey: `endpoint:${endpointId}` });
    await db.parkedRun.update({ where: { taskRunId: run.taskRunId }, data: { reason: 'circuit' } });
    const listener = new pg.Client({ connectionString: inject('databaseUrl') });
    await listener.connect();
    try {
      const heard: string[] = [];
      listener.on('notification', (n) => heard.push(n.payload ?? ''));
      await listener.query(`LISTEN ${OUTBOX_CHANNEL}`);
      await parking.circuitClosed(endpointId);
      await expect.poll(() => heard, { timeout: 2_000 }).toContain(taskQueue);
      expect(await wakeRows()).toContain(run.workflowId);
    } finally {
      await listener.end();
    }
  });
});
