// The dispatchers' backlog figure (readBacklog), read every second: exact while small, PostgreSQL's
// live-row statistics once past a thousand, so it costs the same at 100,000 as at 0; the oldest
// waiting row's age either way.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EXACT_BACKLOG_UP_TO, readBacklog } from '../src/dispatch/outbox-sql';
import { waitFor } from './helpers/api';
import { createPrivateDatabase, type PrivateDatabase } from './helpers/private-database';

const QUEUE = 'backlog-figure';

async function addPending(d: PrivateDatabase, count: number, ageSeconds = 0) {
  await d.sql.query(
    `INSERT INTO "PendingStart" ("key", "kind", "taskQueue", "request", "createdAt", "availableAt")
     SELECT 'k' || $1::text || '-' || g, 'task_run', $2, '{}'::jsonb,
            (now() AT TIME ZONE 'UTC') - make_interval(secs => $3::float8), now() AT TIME ZONE 'UTC'
       FROM generate_series(1, $1::int) g`,
    [count, QUEUE, ageSeconds],
  );
}

describe('the backlog figure', () => {
  let d: PrivateDatabase;
  beforeAll(async () => {
    d = await createPrivateDatabase('backlog_figure');
  });
  afterAll(async () => d?.drop());

  it('is 0 on an empty outbox, and exact up to the cap with the oldest row\'s age', async () => {
    expect(await readBacklog(d.db, QUEUE)).toEqual({ count: 0, oldestSeconds: 0 });
    await addPending(d, 5, 120);
    const small = await readBacklog(d.db, QUEUE);
    expect(small.count).toBe(5);
    expect(small.oldestSeconds).toBeGreaterThanOrEqual(119);
    expect((await readBacklog(d.db, 'another-queue')).count).toBe(0);
  });

  it('past the cap, follows the outbox\'s live rows (an estimate, never below the cap)', async () => {
    await d.sql.query(`INSERT INTO "PendingStart" ("key", "kind", "taskQueue", "request")
                       SELECT 'big-' || g, 'task_run', $1, '{}'::jsonb FROM generate_series(1, 3000) g`, [QUEUE]);
    const big = await waitFor(() => readBacklog(d.db, QUEUE), (b) => b.count >= 3005, 20_000, 250);
    expect(big.count).toBeGreaterThan(EXACT_BACKLOG_UP_TO);
    expect(big.count).toBeLessThanOrEqual(3005 * 1.1);
    expect(big.oldestSeconds).toBeGreaterThanOrEqual(119);
  });
});
