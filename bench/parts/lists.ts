// Lists on a big ledger: seeds `attempts` delivery attempts (4 per run, a tenth of the runs dead-lettered)
// straight into the bench's PostgreSQL, ANALYZEs, then times the list calls a console or an SDK makes,
// one at a time: p50/p99 per call kind. The seeded rows are dated 2020 so no time-window view counts them.
import pg from 'pg';
import type { ApiClient } from '../api-client';
import type { ListsPart } from '../result';
import { summarize } from '../stats';

const ENDPOINTS = 100;
const ATTEMPTS_PER_RUN = 4;

async function seed(databaseUrl: string, attempts: number, progress: (line: string) => void): Promise<{ endpointIds: string[]; runIds: string[]; bytesPerRow: Record<string, number> }> {
  const db = new pg.Client({ connectionString: databaseUrl });
  await db.connect();
  try {
    const tag = Date.now().toString(36);
    const runs = Math.max(1, Math.floor(attempts / ATTEMPTS_PER_RUN));
    // Ids sort before every real one (`00` is older than any time-ordered id), as their 2020 dates say,
    // so a shared database's newest-first lists still start with real rows; they cannot collide.
    await db.query(`SET statement_timeout = 0`);
    await db.query(
      `INSERT INTO "Endpoint" ("id", "url", "secret", "updatedAt", "status")
       SELECT 'ep_00lists' || $1 || lpad(n::text, 4, '0'), 'https://example.com/' || n, 'sealed', now(), 'paused'
         FROM generate_series(1, ${ENDPOINTS}) AS n`,
      [tag],
    );
    progress(`lists: seeding ${runs} runs`);
    await db.query(
      `INSERT INTO "TaskRun" ("id", "endpointId", "trigger", "payload", "webhookId", "status", "runAt", "workflowId",
                              "createdAt", "updatedAt", "finishedAt", "attemptCount")
       SELECT 'run_00lists' || $1 || lpad(n::text, 9, '0'), 'ep_00lists' || $1 || lpad((1 + n % ${ENDPOINTS})::text, 4, '0'), 'api',
              '{"order": 1}', 'msg_lists_' || n,
              (CASE WHEN n % 10 = 0 THEN 'dead_letter' ELSE 'success' END)::"TaskRunStatus",
              timestamp '2020-01-01' + n * interval '1 second', 'task-run/run_lists_' || n,
              timestamp '2020-01-01' + n * interval '1 second', now(), timestamp '2020-01-01' + n * interval '1 second' + interval '5 seconds',
              ${ATTEMPTS_PER_RUN}
         FROM generate_series(1, ${runs}) AS n`,
      [tag],
    );
    progress(`lists: seeding ${runs * ATTEMPTS_PER_RUN} attempts`);
    await db.query(
      `INSERT INTO "DeliveryAttempt" ("id", "taskRunId", "attemptNumber", "status", "statusCode", "latencyMs", "decision",
                                      "decisionReason", "requestUrl", "requestMethod", "traceId", "startedAt", "endedAt", "responseBody")
       SELECT 'att_00lists' || $1 || lpad(n::text, 9, '0') || k, 'run_00lists' || $1 || lpad(n::text, 9, '0'), k,
              CASE WHEN k = ${ATTEMPTS_PER_RUN} AND n % 10 <> 0 THEN 'success'::"AttemptStatus" ELSE 'failed'::"AttemptStatus" END,
              CASE WHEN k = ${ATTEMPTS_PER_RUN} AND n % 10 <> 0 THEN 200 ELSE 503 END, 20, 'retry', '5xx',
              'https://example.com/', 'POST', md5(n::text), timestamp '2020-01-01' + n * interval '1 second', timestamp '2020-01-01' + n * interval '1 second',
              'service unavailable'
         FROM generate_series(1, ${runs}) AS n CROSS JOIN generate_series(1, ${ATTEMPTS_PER_RUN}) AS k`,
      [tag],
    );
    await db.query(
      `INSERT INTO "DeadLetter" ("id", "taskRunId", "endpointId", "reason", "status", "createdAt")
       SELECT 'dl_00lists' || $1 || lpad(n::text, 9, '0'), 'run_00lists' || $1 || lpad(n::text, 9, '0'),
              'ep_00lists' || $1 || lpad((1 + n % ${ENDPOINTS})::text, 4, '0'), 'attempts_exhausted', 'open',
              timestamp '2020-01-01' + n * interval '1 second'
         FROM generate_series(10, ${runs}, 10) AS n`,
      [tag],
    );
    progress('lists: ANALYZE');
    await db.query('ANALYZE');
    // Bytes per row, indexes included, for sizing a database (README "Retention").
    const sizes = await db.query<{ table: string; bytes: string; rows: string }>(
      `SELECT t AS "table", pg_total_relation_size(format('%I', t)::regclass) AS bytes, c.reltuples::bigint AS rows
         FROM unnest(ARRAY['TaskRun', 'DeliveryAttempt', 'DeadLetter']) AS t JOIN pg_class c ON c.relname = t`,
    );
    const bytesPerRow = Object.fromEntries(sizes.rows.map((r) => [r.table, Math.round(Number(r.bytes) / Math.max(1, Number(r.rows)))]));
    const endpointIds = Array.from({ length: ENDPOINTS }, (_, i) => `ep_00lists${tag}${String(i + 1).padStart(4, '0')}`);
    const runIds = Array.from({ length: 50 }, (_, i) => `run_00lists${tag}${String(1 + Math.floor((i * runs) / 50)).padStart(9, '0')}`);
    return { endpointIds, runIds, bytesPerRow };
  } finally {
    await db.end();
  }
}

export async function runLists(
  ctx: { api: ApiClient; stack: { databaseUrl: string } },
  attempts: number,
  calls: number,
  progress: (line: string) => void,
): Promise<ListsPart> {
  const seededAt = performance.now();
  const { endpointIds, runIds, bytesPerRow } = await seed(ctx.stack.databaseUrl, attempts, progress);
  const seedSeconds = Math.round((performance.now() - seededAt) / 100) / 10;
  const pick = <T>(xs: T[], i: number) => xs[i % xs.length];
  const kinds: Record<string, (i: number) => string> = {
    'GET /v1/task-runs': () => '/v1/task-runs?limit=50',
    'GET /v1/task-runs?endpointId': (i) => `/v1/task-runs?limit=50&endpointId=${pick(endpointIds, i)}`,
    'GET /v1/task-runs?status=dead_letter': () => '/v1/task-runs?limit=50&status=dead_letter',
    'GET /v1/task-runs?endpointId&cursor': (i) => `/v1/task-runs?limit=50&endpointId=${pick(endpointIds, i)}&cursor=${pick(runIds, i)}`,
    'GET /v1/task-runs/:id/attempts': (i) => `/v1/task-runs/${pick(runIds, i)}/attempts`,
    'GET /v1/dead-letters': () => '/v1/dead-letters?limit=50',
    'GET /v1/dead-letters?endpointId&status=open': (i) => `/v1/dead-letters?limit=50&status=open&endpointId=${pick(endpointIds, i)}`,
  };
  const byCall: ListsPart['byCall'] = {};
  for (const [name, path] of Object.entries(kinds)) {
    const samples: number[] = [];
    for (let i = 0; i < calls; i++) {
      const t = performance.now();
      await ctx.api.ok('GET', path(i));
      samples.push(performance.now() - t);
    }
    byCall[name] = summarize(samples);
    progress(`lists: ${name} p50 ${byCall[name].p50Ms} ms, p99 ${byCall[name].p99Ms} ms`);
  }
  return { status: 'ok', attempts: Math.floor(attempts / ATTEMPTS_PER_RUN) * ATTEMPTS_PER_RUN, calls, seedSeconds, bytesPerRow, byCall };
}
