// What the dispatchers' once-a-second backlog figure costs: `readBacklog` (src/dispatch/outbox-sql.ts)
// called straight against the bench's database, one call at a time, the median of `calls`.
import { createDb } from '../src/db/prisma';
import { readBacklog } from '../src/dispatch/outbox-sql';
import { percentile, round } from './stats';

export interface BacklogFigureCost {
  /** Median time of one readBacklog call, ms. */
  medianMs?: number;
  /** The figure it returned (an estimate above a thousand), and the exact count beside it. */
  figure: number;
  exact: number;
  /** Median time of what the figure used to be (count(*) and min(createdAt) over the queue's rows), for scale. */
  fullCountMs?: number;
}

async function medianMs(calls: number, call: () => Promise<unknown>): Promise<number | undefined> {
  const times: number[] = [];
  for (let i = 0; i < calls; i++) {
    const started = performance.now();
    await call();
    times.push(performance.now() - started);
  }
  return round(percentile(times, 50), 2);
}

export async function timeBacklogFigure(databaseUrl: string, taskQueue: string, calls = 20): Promise<BacklogFigureCost> {
  const db = createDb(databaseUrl, { poolSize: 1 });
  try {
    let figure = (await readBacklog(db, taskQueue)).count; // the first call also opens the connection
    const figureMs = await medianMs(calls, async () => (figure = (await readBacklog(db, taskQueue)).count));
    const fullCountMs = await medianMs(calls, () =>
      db.$queryRaw`SELECT count(*), min("createdAt") FROM "PendingStart" WHERE "taskQueue" = ${taskQueue}`,
    );
    const [{ n }] = await db.$queryRaw<Array<{ n: number }>>`SELECT count(*)::int AS n FROM "PendingStart" WHERE "taskQueue" = ${taskQueue}`;
    return { medianMs: figureMs, figure, exact: n, fullCountMs };
  } finally {
    await db.$disconnect();
  }
}
