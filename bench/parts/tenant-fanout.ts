// Tenant fanout: does one tenant's fanout cost what a small installation's does, however many other
// tenants there are? First a 10-endpoint installation (no tenants): `rounds` events, each timed from
// POST /v1/events to the last endpoint's first attempt, and the fanout's endpoint lookup timed alone in
// SQL. Then `tenants` × `perTenant` endpoints are added, every one subscribed to the same type, and the
// same is measured for one tenant's events. The ratios tenant / flat should be near 1: the lookup
// reads the tenant's endpoints through ("tenantId", id), not the installation's.
import pg from 'pg';
import { hasRoute, type ApiClient } from '../api-client';
import type { BenchReceiver } from '../receiver';
import { notAvailable, type TenantFanoutPart } from '../result';
import { runPool } from '../pool';
import { percentile } from '../stats';
import { createEndpoint } from './endpoints';

const TYPE = 'bench.tenant.fanout';
const LOOKUP_SAMPLES = 50;
const PATTERNS = ['*', 'bench.*', 'bench.tenant.*', TYPE];

/**
 * The fanout activity's first page, as Prisma sends it (activities/fanout/create-event-runs.activity.ts):
 * `"tenantId" = $1` for a tenant's event, `"tenantId" IS NULL` for one without (IS NOT DISTINCT FROM
 * would say both at once, but no index can serve it).
 */
const lookupSql = (tenantId: string | null) => `SELECT id, url, "timeoutMs", "retryPolicyId", "eventTypes", "eventFilter", ordering FROM "Endpoint"
  WHERE status IN ('active', 'paused') AND "deletedAt" IS NULL AND ${tenantId ? '"tenantId" = $1' : '"tenantId" IS NULL'} AND "eventTypes" && ${tenantId ? '$2' : '$1'}
  ORDER BY id ASC LIMIT 100`;
const lookupArgs = (tenantId: string | null) => (tenantId ? [tenantId, PATTERNS] : [PATTERNS]);

const median = (samples: number[]) => Math.round(percentile(samples, 50)! * 100) / 100;

/** Median lookup time per tenant (null = no tenant), the cases' samples interleaved so load hits them alike. */
async function lookupMs(pool: pg.Pool, tenants: Array<string | null>): Promise<number[]> {
  const samples: number[][] = tenants.map(() => []);
  for (let i = 0; i < LOOKUP_SAMPLES; i++) {
    for (const [k, tenantId] of tenants.entries()) {
      const started = performance.now();
      await pool.query(lookupSql(tenantId), lookupArgs(tenantId));
      samples[k].push(performance.now() - started);
    }
  }
  return samples.map(median);
}

/** The index the planner reads for a tenant's lookup, and the rows it returned (from EXPLAIN ANALYZE). */
async function lookupPlan(pool: pg.Pool, tenantId: string): Promise<string> {
  const { rows } = await pool.query<{ 'QUERY PLAN': string }>(`EXPLAIN (ANALYZE, COSTS OFF, TIMING OFF, SUMMARY OFF) ${lookupSql(tenantId)}`, lookupArgs(tenantId));
  return rows.map((r) => r['QUERY PLAN'].trim()).join(' / ');
}

async function eventToLastFirstAttemptMs(api: ApiClient, receiver: BenchReceiver, tag: string, count: number, rounds: number, tenantId: string | null, timeoutMs: number) {
  const samples: number[] = [];
  for (let i = 0; i < rounds; i++) {
    receiver.reset(tag);
    const started = performance.now();
    await api.ok('POST', '/v1/events', { type: TYPE, payload: { benchId: tag, round: i }, ...(tenantId ? { tenantId } : {}) });
    samples.push((await receiver.waitForOk(tag, count, timeoutMs)) - started);
  }
  return Math.round(percentile(samples, 50)!);
}

export async function runTenantFanout(
  ctx: { api: ApiClient; receiver: BenchReceiver; stack: { databaseUrl: string } },
  o: { tenants: number; perTenant: number; rounds: number },
  timeoutMs: number,
  progress: (line: string) => void,
): Promise<TenantFanoutPart> {
  const { api, receiver } = ctx;
  const sizes = { tenants: o.tenants, endpointsPerTenant: o.perTenant };
  if (!(await hasRoute(api, 'POST', '/v1/tenants', {}))) return { ...notAvailable('POST /v1/tenants answers 404'), ...sizes };
  const pool = new pg.Pool({ connectionString: ctx.stack.databaseUrl, max: 1 });
  try {
    // The small installation: perTenant endpoints, no tenants.
    for (let i = 0; i < o.perTenant; i++) await createEndpoint(api, receiver.url('tflat'), { eventTypes: [TYPE] });
    const flatMs = await eventToLastFirstAttemptMs(api, receiver, 'tflat', o.perTenant, o.rounds, null, timeoutMs);
    const [flatLookupMs] = await lookupMs(pool, [null]);
    progress(`tenant fanout: 10-endpoint installation ${flatMs} ms to last first attempt, lookup ${flatLookupMs} ms`);

    // Many tenants, each with perTenant endpoints on the same type; the measured tenant is the last one.
    const tenantIds: string[] = [];
    await runPool(o.tenants, 8, async (i) => {
      tenantIds[i] = (await api.ok<{ id: string }>('POST', '/v1/tenants', { name: `bench tenant ${i}` })).id;
    }, (done) => progress(`tenant fanout: ${done}/${o.tenants} tenants created`));
    const measured = tenantIds[tenantIds.length - 1];
    const total = o.tenants * o.perTenant;
    await runPool(total, 16, async (i) => {
      const tenantId = tenantIds[Math.floor(i / o.perTenant)];
      await createEndpoint(api, receiver.url(tenantId === measured ? 'ttenant' : 'tnoise'), { eventTypes: [TYPE], tenantId });
    }, (done) => progress(`tenant fanout: ${done}/${total} tenant endpoints created`));
    await pool.query('ANALYZE "Endpoint"');

    const tenantMs = await eventToLastFirstAttemptMs(api, receiver, 'ttenant', o.perTenant, o.rounds, measured, timeoutMs);
    // The same 10 endpoints without a tenant, measured again now that 10,000 others share the table.
    const [tenantLookupMs, flatAfterLookupMs] = await lookupMs(pool, [measured, null]);
    const plan = await lookupPlan(pool, measured);
    progress(`tenant fanout: plan of the tenant lookup: ${plan}`);
    progress(`tenant fanout: one tenant of ${o.tenants} ${tenantMs} ms to last first attempt, lookup ${tenantLookupMs} ms`);
    return {
      status: 'ok',
      ...sizes,
      totalEndpoints: total + o.perTenant,
      rounds: o.rounds,
      flatLastFirstAttemptMs: flatMs,
      tenantLastFirstAttemptMs: tenantMs,
      tenantOverFlat: Math.round((tenantMs / flatMs) * 100) / 100,
      flatLookupMs,
      tenantLookupMs,
      lookupTenantOverFlat: Math.round((tenantLookupMs / flatLookupMs) * 100) / 100,
      flatAfterLookupMs,
      lookupPlan: plan,
      // Deliveries to the other tenants' endpoints: must stay 0.
      otherTenantsDeliveries: receiver.okCount('tnoise'),
    };
  } finally {
    await pool.end();
  }
}
