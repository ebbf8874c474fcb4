// The console's overview in three SQL aggregates plus the dispatch backlog: task runs per status (last hour, last day),
// delivery attempts per minute (last hour), and the endpoints failing most often (last day).
import { Prisma } from '../db/generated/client';
import { scopedTenantId } from '../db/tenant-scope';
import { maskUrl } from '../domain/node/endpoint-credentials';
import type { DbDeps, HandoffDeps } from './deps';

const HOUR_MS = 3_600_000;
const DAY_MS = 24 * HOUR_MS;
/** How many endpoints the "failing most" list shows. */
export const FAILING_ENDPOINTS_SHOWN = 5;

/** Raw SQL is not narrowed by tenant isolation: a tenant key's overview counts its own runs only. */
function tenantRuns(alias: string) {
  const tenantId = scopedTenantId();
  return tenantId ? Prisma.sql`AND ${Prisma.raw(alias)}."tenantId" = ${tenantId}` : Prisma.empty;
}

interface StatusCountRow { status: string; lastHour: bigint; lastDay: bigint }
interface MinuteRow { minute: Date; success: bigint; failed: bigint }
interface FailingRow { endpointId: string; url: string; status: string; attempts: bigint; failures: bigint }

async function runsPerStatus(deps: DbDeps, hourAgo: Date, dayAgo: Date) {
  const rows = await deps.db.$queryRaw<StatusCountRow[]>`
    SELECT status::text AS status,
           count(*) FILTER (WHERE "createdAt" >= ${hourAgo}) AS "lastHour",
           count(*) AS "lastDay"
    FROM "TaskRun" r WHERE "createdAt" >= ${dayAgo} ${tenantRuns('r')}
    GROUP BY status`;
  const lastHour: Record<string, number> = {};
  const lastDay: Record<string, number> = {};
  for (const r of rows) {
    lastHour[r.status] = Number(r.lastHour);
    lastDay[r.status] = Number(r.lastDay);
  }
  return { lastHour, lastDay };
}

/** One entry per minute of the last hour, oldest first, zeros included so a chart needs no gaps logic. */
async function deliveriesPerMinute(deps: DbDeps, now: Date) {
  const firstMinute = new Date(Math.floor((now.getTime() - HOUR_MS) / 60_000) * 60_000 + 60_000);
  const rows = await deps.db.$queryRaw<MinuteRow[]>`
    SELECT date_trunc('minute', a."startedAt") AS minute,
           count(*) FILTER (WHERE a.status = 'success') AS success,
           count(*) FILTER (WHERE a.status = 'failed') AS failed
    FROM "DeliveryAttempt" a JOIN "TaskRun" r ON r.id = a."taskRunId"
    WHERE a."startedAt" >= ${firstMinute} ${tenantRuns('r')}
    GROUP BY 1`;
  const byMinute = new Map(rows.map((r) => [r.minute.getTime(), r]));
  return Array.from({ length: 60 }, (_, i) => {
    const minute = firstMinute.getTime() + i * 60_000;
    const row = byMinute.get(minute);
    return { minute: new Date(minute).toISOString(), success: Number(row?.success ?? 0), failed: Number(row?.failed ?? 0) };
  });
}

async function failingEndpoints(deps: DbDeps, dayAgo: Date) {
  const rows = await deps.db.$queryRaw<FailingRow[]>`
    SELECT e.id AS "endpointId", e.url, e.status::text AS status,
           count(*) AS attempts, count(*) FILTER (WHERE a.status = 'failed') AS failures
    FROM "DeliveryAttempt" a
    JOIN "TaskRun" r ON r.id = a."taskRunId"
    JOIN "Endpoint" e ON e.id = r."endpointId"
    WHERE a."startedAt" >= ${dayAgo} AND e."deletedAt" IS NULL ${tenantRuns('r')}
    GROUP BY e.id
    HAVING count(*) FILTER (WHERE a.status = 'failed') > 0
    -- Highest failure rate first; among equals, the one that failed most recently (today's problem).
    ORDER BY count(*) FILTER (WHERE a.status = 'failed')::float / count(*) DESC,
             max(a."startedAt") FILTER (WHERE a.status = 'failed') DESC
    LIMIT ${FAILING_ENDPOINTS_SHOWN}`;
  return rows.map((r) => ({
    endpointId: r.endpointId,
    url: maskUrl(r.url),
    status: r.status,
    attempts: Number(r.attempts),
    failures: Number(r.failures),
    failureRate: Number(r.failures) / Number(r.attempts),
  }));
}

export async function overviewStats(deps: DbDeps & HandoffDeps, now = new Date()) {
  const hourAgo = new Date(now.getTime() - HOUR_MS);
  const dayAgo = new Date(now.getTime() - DAY_MS);
  const [taskRuns, perMinute, failing] = await Promise.all([
    runsPerStatus(deps, hourAgo, dayAgo),
    deliveriesPerMinute(deps, now),
    failingEndpoints(deps, dayAgo),
  ]);
  // Accepted work that has not reached the workflow engine yet (as of the dispatcher's last sweep).
  const { count: backlog, oldestSeconds } = deps.handoff.backlog();
  return { generatedAt: now.toISOString(), taskRuns, deliveriesPerMinute: perMinute, failingEndpoints: failing, dispatch: { backlog, oldestSeconds } };
}
