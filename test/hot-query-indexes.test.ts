// Every hot query is served by an index, read from EXPLAIN on a seeded database of this file's own
// (10,000 endpoints, 200,000 runs, 250,000 attempts, 100,000 events, 20,000 outbox rows; ANALYZEd,
// so the planner's choice is the one it would make in production, not a small-table shortcut).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { newId } from '../src/domain/node/ids';
import { patternsMatchingType } from '../src/domain/event-types';
import { daysBefore } from '../src/domain/retention';
import * as q from '../src/retention/purge-queries';
import { createPrivateDatabase, type PrivateDatabase } from './helpers/private-database';

const T0 = Date.parse('2026-06-01T00:00:00.000Z');
const ENDPOINTS = 10_000;
const RUNS = 200_000;
const EVENTS = 100_000;
let pdb: PrivateDatabase;
let endpointIds: string[];
let runIds: string[];
let hotEndpoint: string;

interface PlanNode {
  'Node Type': string;
  'Relation Name'?: string;
  'Index Name'?: string;
  Plans?: PlanNode[];
}

function nodes(plan: PlanNode): PlanNode[] {
  return [plan, ...(plan.Plans ?? []).flatMap(nodes)];
}

/** EXPLAIN's plan nodes for a statement with its real parameters. */
async function explain(sql: q.Sql): Promise<PlanNode[]> {
  const res = await pdb.sql.query(`EXPLAIN (FORMAT JSON) ${sql.text}`, sql.values);
  return nodes(res.rows[0]['QUERY PLAN'][0].Plan);
}

/** The plan reads `table` through `index` (or one of several equally good ones) and never scans the table whole. */
async function expectIndexed(sql: q.Sql, table: string, index: string | string[]) {
  const indexes = Array.isArray(index) ? index : [index];
  const plan = await explain(sql);
  const summary = plan.map((n) => `${n['Node Type']}${n['Relation Name'] ? ` on ${n['Relation Name']}` : ''}${n['Index Name'] ? ` using ${n['Index Name']}` : ''}`);
  expect(summary.filter((s) => s.startsWith('Seq Scan') && s.includes(` ${table}`)), summary.join(' | ')).toEqual([]);
  expect(plan.some((n) => indexes.includes(n['Index Name'] ?? '')), `${indexes.join(' or ')} not in: ${summary.join(' | ')}`).toBe(true);
}

async function seed() {
  endpointIds = Array.from({ length: ENDPOINTS }, (_, i) => newId('endpoint', T0 - DAY_MS + i));
  hotEndpoint = endpointIds[17];
  // Each endpoint subscribes to one of 2,000 types; one in a thousand to everything, one in a hundred to a prefix.
  await pdb.sql.query(
    `INSERT INTO "Endpoint" ("id", "url", "secret", "eventTypes", "status", "updatedAt", "payloadRetentionDays")
     SELECT e.id, 'https://example.com/' || e.n, 'sealed',
            CASE WHEN e.n % 1000 = 0 THEN ARRAY['*'] WHEN e.n % 100 = 0 THEN ARRAY['t' || (e.n % 2000) || '.*']
                 ELSE ARRAY['t' || (e.n % 2000) || '.happened', 'other.thing'] END,
            CASE WHEN e.n % 50 = 0 THEN 'paused'::"EndpointStatus" ELSE 'active'::"EndpointStatus" END,
            now(), CASE WHEN e.n % 500 = 0 THEN 7 END
       FROM unnest($1::text[]) WITH ORDINALITY AS e(id, n)`,
    [endpointIds],
  );
  runIds = Array.from({ length: RUNS }, (_, i) => newId('taskRun', T0 + i * 1000));
  // A third of the runs on ten busy endpoints, the rest spread; most finished, the older 60% already purged.
  await pdb.sql.query(
    `INSERT INTO "TaskRun" ("id", "endpointId", "trigger", "payload", "webhookId", "status", "runAt", "workflowId",
                            "updatedAt", "finishedAt", "payloadPurgedAt", "createdAt")
     SELECT r.id, CASE WHEN r.n % 3 = 0 THEN ($2::text[])[1 + r.n % 10 + 10] ELSE ($2::text[])[1 + r.n % ${ENDPOINTS}] END, 'api',
            '{"order": 1}', 'msg_' || r.n,
            (CASE WHEN r.n % 20 = 0 THEN 'pending' WHEN r.n % 200 = 7 THEN 'cancelled' WHEN r.n % 10 = 1 THEN 'dead_letter' WHEN r.n % 20 = 3 THEN 'failed' ELSE 'success' END)::"TaskRunStatus",
            to_timestamp($3::float8 + r.n) AT TIME ZONE 'UTC', 'task-run/' || r.id, now(),
            CASE WHEN r.n % 20 = 0 THEN NULL ELSE to_timestamp($3::float8 + r.n + 5) AT TIME ZONE 'UTC' END,
            CASE WHEN r.n < ${RUNS * 0.6} AND r.n % 20 <> 0 THEN to_timestamp($3::float8 + r.n + 86400 * 30) AT TIME ZONE 'UTC' END,
            to_timestamp($3::float8 + r.n) AT TIME ZONE 'UTC'
       FROM unnest($1::text[]) WITH ORDINALITY AS r(id, n)`,
    [runIds, endpointIds, T0 / 1000],
  );
  await pdb.sql.query(
    `INSERT INTO "DeliveryAttempt" ("id", "taskRunId", "attemptNumber", "status", "statusCode", "latencyMs", "decision",
                                    "decisionReason", "requestUrl", "requestMethod", "traceId", "startedAt", "endedAt", "responseBody")
     SELECT 'att_' || t."id" || '_' || a.k, t."id", a.k, 'failed', 500, 12, 'retry', '5xx', 'https://example.com/', 'POST', 'trace', t."runAt", t."runAt", 'error'
       FROM "TaskRun" t CROSS JOIN LATERAL generate_series(1, CASE WHEN right(t."webhookId", 1) IN ('0', '4') THEN 2 ELSE 1 END) AS a(k)`,
  );
  await pdb.sql.query(
    `INSERT INTO "DeadLetter" ("id", "taskRunId", "endpointId", "reason", "status", "createdAt", "resolvedAt")
     SELECT 'dl_' || substr(t."id", 5), t."id", t."endpointId", 'attempts_exhausted',
            (CASE WHEN right(t."webhookId", 2) < '50' THEN 'open' WHEN right(t."webhookId", 2) = '99' THEN 'replayed' ELSE 'discarded' END)::"DeadLetterStatus",
            t."finishedAt", CASE WHEN right(t."webhookId", 2) < '50' THEN NULL ELSE t."finishedAt" + interval '1 day' END
       FROM "TaskRun" t WHERE t."status" = 'dead_letter'`,
  );
  const eventIds = Array.from({ length: EVENTS }, (_, i) => newId('event', T0 + i * 2000));
  await pdb.sql.query(
    `INSERT INTO "Event" ("id", "type", "payload", "payloadHash", "idempotencyKey", "payloadPurgedAt", "createdAt")
     SELECT e.id, 't' || (e.n % 2000) || '.happened', '{"n": 1}', 'h',
            CASE WHEN e.n > ${EVENTS - 2000} THEN 'key-' || e.n END,
            CASE WHEN e.n < ${EVENTS * 0.7} THEN now() END, now()
       FROM unnest($1::text[]) WITH ORDINALITY AS e(id, n)`,
    [eventIds],
  );
  await pdb.sql.query(
    `INSERT INTO "PendingStart" ("key", "kind", "taskQueue", "request", "availableAt")
     SELECT 'task_run:task-run/run_' || n, 'task_run', 'queue-' || (n % 4), '{}',
            (now() AT TIME ZONE 'UTC') + make_interval(secs => CASE WHEN n % 100 = 0 THEN -5 ELSE 3600 END)
       FROM generate_series(1, 20000) AS n`,
  );
  // A source's request log over the same period as the events, ids time-sortable as the API makes them.
  await pdb.sql.query(
    `INSERT INTO "SourceRequest" ("id", "sourceId", "outcome", "bodyBytes")
     SELECT 'srq_' || substr(e.id, 5), 'src_' || (e.n % 10), 'accepted', 100 FROM unnest($1::text[]) WITH ORDINALITY AS e(id, n)`,
    [eventIds],
  );
  await pdb.sql.query('ANALYZE');
}

const DAY_MS = 86_400_000;

beforeAll(async () => {
  pdb = await createPrivateDatabase('hot_query_indexes');
  await seed();
}, 300_000);
afterAll(async () => {
  await pdb?.drop();
});

const sql = (text: string, values: unknown[] = []): q.Sql => ({ text, values });

describe('hot queries use their indexes on a seeded database', () => {
  it('fanout: endpoints subscribed to an event type (GIN on eventTypes), a page after a cursor', async () => {
    // The fanout activity's lookup (activities/fanout/create-event-runs.activity.ts), as Prisma sends it.
    const lookup = (type: string, after: string) => sql(
      `SELECT "id", "url", "timeoutMs", "retryPolicyId", "eventTypes", "eventFilter", "ordering" FROM "Endpoint"
        WHERE "status" = 'active' AND "deletedAt" IS NULL AND "eventTypes" && $1::text[] AND "id" > $2
        ORDER BY "id" ASC LIMIT 250`,
      [patternsMatchingType(type), after],
    );
    await expectIndexed(lookup('t7.happened', ''), 'Endpoint', 'Endpoint_eventTypes_idx');
    await expectIndexed(lookup('t1234.happened', endpointIds[5000]), 'Endpoint', 'Endpoint_eventTypes_idx');
    // A type every endpoint takes (`other.thing`): the primary key in id order, stopping after one page.
    await expectIndexed(lookup('other.thing', endpointIds[100]), 'Endpoint', 'Endpoint_pkey');
  });

  it('task runs by endpoint, by status, by both, newest first after a cursor; attempts by run', async () => {
    const page = (where: string, values: unknown[]) => sql(`SELECT * FROM "TaskRun" WHERE ${where} ORDER BY "id" DESC LIMIT 51`, values);
    // A quiet endpoint (a dozen runs): any index on endpointId reads them all at once and sorts the few.
    await expectIndexed(page(`"endpointId" = $1`, [endpointIds[4242]]), 'TaskRun',
      ['TaskRun_endpointId_id_idx', 'TaskRun_endpointId_status_id_idx', 'TaskRun_endpointId_orderingKey_orderingSeq_idx']);
    // A busy endpoint (1 run in 30): its index, or the primary key newest first, stopping after ~30 pages' worth.
    await expectIndexed(page(`"endpointId" = $1 AND "id" < $2`, [hotEndpoint, runIds[150_000]]), 'TaskRun', ['TaskRun_endpointId_id_idx', 'TaskRun_pkey']);
    // A rare status (0.5%) through its index; a common one (5% pending) may walk the primary key newest first.
    await expectIndexed(page(`"status" = 'cancelled'::"TaskRunStatus"`, []), 'TaskRun', 'TaskRun_status_id_idx');
    await expectIndexed(page(`"status" = 'pending'::"TaskRunStatus"`, []), 'TaskRun', ['TaskRun_status_id_idx', 'TaskRun_pkey']);
    await expectIndexed(page(`"endpointId" = $1 AND "status" = 'failed'::"TaskRunStatus"`, [hotEndpoint]), 'TaskRun', 'TaskRun_endpointId_status_id_idx');
    await expectIndexed(
      sql(`SELECT * FROM "DeliveryAttempt" WHERE "taskRunId" = $1 ORDER BY "attemptNumber" ASC`, [runIds[777]]),
      'DeliveryAttempt', 'DeliveryAttempt_taskRunId_attemptNumber_key',
    );
  });

  it('dead letters by endpoint, by status, by both, by time window', async () => {
    const page = (where: string, values: unknown[]) => sql(`SELECT * FROM "DeadLetter" WHERE ${where} ORDER BY "id" DESC LIMIT 51`, values);
    await expectIndexed(page(`"endpointId" = $1`, [hotEndpoint]), 'DeadLetter', 'DeadLetter_endpointId_id_idx');
    await expectIndexed(page(`"endpointId" = $1`, [endpointIds[4241]]), 'DeadLetter', ['DeadLetter_endpointId_id_idx', 'DeadLetter_endpointId_status_id_idx']);
    // A rare status through its index; a common one (half are open) may walk the primary key newest first.
    await expectIndexed(page(`"status" = 'replayed'::"DeadLetterStatus"`, []), 'DeadLetter', ['DeadLetter_status_id_idx', 'DeadLetter_status_resolvedAt_idx', 'DeadLetter_status_createdAt_idx']);
    await expectIndexed(page(`"status" = 'open'::"DeadLetterStatus"`, []), 'DeadLetter', ['DeadLetter_status_id_idx', 'DeadLetter_pkey']);
    await expectIndexed(page(`"endpointId" = $1 AND "status" = 'open'::"DeadLetterStatus"`, [endpointIds[4241]]), 'DeadLetter', 'DeadLetter_endpointId_status_id_idx');
    await expectIndexed(
      page(`"status" = 'open'::"DeadLetterStatus" AND "createdAt" >= $1::timestamp(3) AND "createdAt" <= $2::timestamp(3)`,
        [new Date(T0 + 3600_000).toISOString(), new Date(T0 + 2 * 3600_000).toISOString()]),
      'DeadLetter', 'DeadLetter_status_createdAt_idx',
    );
  });

  it("the dispatcher's claim of due outbox rows (src/dispatch/outbox-sql.ts)", async () => {
    await expectIndexed(
      sql(`SELECT "key" FROM "PendingStart"
            WHERE "taskQueue" = $1 AND "availableAt" <= (now() AT TIME ZONE 'UTC')
            ORDER BY "availableAt" LIMIT $2 FOR UPDATE SKIP LOCKED`, ['queue-1', 100]),
      'PendingStart', 'PendingStart_taskQueue_availableAt_idx',
    );
  });

  it("the purge's statements, each an index range over what is still due", async () => {
    const now = new Date(T0 + 200 * DAY_MS);
    const iso = (d: Date) => d.toISOString();
    const page = endpointIds.slice(0, 500);
    await expectIndexed(q.endpointPage('', 500), 'Endpoint', 'Endpoint_pkey');
    await expectIndexed(q.runsWithPayloadDue(page, page.map(() => iso(daysBefore(now, 30))), 500), 'TaskRun', 'TaskRun_payload_purge_idx');
    await expectIndexed(q.purgeRunPayloads(runIds.slice(0, 500), iso(now)), 'TaskRun', 'TaskRun_pkey');
    await expectIndexed(q.purgeResponseBodies(runIds.slice(0, 500), iso(now)), 'DeliveryAttempt', 'DeliveryAttempt_taskRunId_attemptNumber_key');
    await expectIndexed(q.resolvedDeadLetterRuns(iso(new Date(T0 + 3600_000)), 500), 'DeadLetter', 'DeadLetter_status_resolvedAt_idx');
    await expectIndexed(q.finishedRunsDue(iso(new Date(T0 + 3600_000)), 500), 'TaskRun', 'TaskRun_status_finishedAt_idx');
    await expectIndexed(q.deleteAttemptsOfRuns(runIds.slice(0, 500)), 'DeliveryAttempt', 'DeliveryAttempt_taskRunId_attemptNumber_key');
    await expectIndexed(q.deleteRuns(runIds.slice(0, 500)), 'TaskRun', 'TaskRun_pkey');
    const cutoffId = newId('event', T0 + EVENTS * 2000).slice(0, 14);
    await expectIndexed(q.purgeEventPayloadsBefore(cutoffId, 500, iso(now)), 'Event', 'Event_payload_purge_idx');
    await expectIndexed(q.releaseIdempotencyKeysBefore(cutoffId, 500), 'Event', 'Event_idempotency_key_expiry_idx');
    await expectIndexed(q.deleteEventsBefore(cutoffId, 50), 'Event', 'Event_pkey');
    await expectIndexed(q.deleteSourceRequestsBefore(`srq_${cutoffId.slice(4)}`, 50), 'SourceRequest', 'SourceRequest_pkey');
  });

  it('the partial indexes hold only the rows the purge still has to visit', async () => {
    const res = await pdb.sql.query(
      `SELECT c.relname AS name, pg_get_expr(i.indpred, i.indrelid) AS predicate
         FROM pg_index i JOIN pg_class c ON c.oid = i.indexrelid WHERE i.indpred IS NOT NULL ORDER BY 1`,
    );
    expect(res.rows).toEqual([
      { name: 'Event_idempotency_key_expiry_idx', predicate: '("idempotencyKey" IS NOT NULL)' },
      { name: 'Event_payload_purge_idx', predicate: '("payloadPurgedAt" IS NULL)' },
      // Not the purge's: idempotency keys are unique per tenant, and only where an event has one.
      { name: 'Event_tenantId_idempotencyKey_key', predicate: '("idempotencyKey" IS NOT NULL)' },
      { name: 'TaskRun_payload_purge_idx', predicate: '("payloadPurgedAt" IS NULL)' },
    ]);
  });
});
