// Endpoint health over a time window: success rate, latency percentiles, last failure.
import { findLiveEndpoint } from './endpoints';
import type { DbDeps } from './deps';

interface StatsRow {
  attempts: bigint;
  successes: bigint;
  p50: number | null;
  p95: number | null;
  p99: number | null;
}

export async function endpointStats(deps: DbDeps, id: string, windowMinutes: number, now = new Date()) {
  await findLiveEndpoint(deps, id);
  const since = new Date(now.getTime() - windowMinutes * 60_000);
  const [row] = await deps.db.$queryRaw<StatsRow[]>`
    SELECT count(*) AS attempts,
           count(*) FILTER (WHERE a.status = 'success') AS successes,
           percentile_cont(0.5) WITHIN GROUP (ORDER BY a."latencyMs") AS p50,
           percentile_cont(0.95) WITHIN GROUP (ORDER BY a."latencyMs") AS p95,
           percentile_cont(0.99) WITHIN GROUP (ORDER BY a."latencyMs") AS p99
    FROM "DeliveryAttempt" a JOIN "TaskRun" r ON r.id = a."taskRunId"
    WHERE r."endpointId" = ${id} AND a."startedAt" >= ${since}`;
  const lastFailure = await deps.db.deliveryAttempt.findFirst({
    where: { status: 'failed', startedAt: { gte: since }, taskRun: { endpointId: id } },
    orderBy: { startedAt: 'desc' },
  });
  const attempts = Number(row.attempts);
  const successes = Number(row.successes);
  const round = (v: number | null) => (v === null ? null : Math.round(v));
  return {
    endpointId: id,
    windowMinutes,
    since: since.toISOString(),
    attempts,
    successes,
    failures: attempts - successes,
    successRate: attempts ? successes / attempts : null,
    latencyMs: { p50: round(row.p50), p95: round(row.p95), p99: round(row.p99) },
    lastFailure: lastFailure && {
      attemptId: lastFailure.id,
      taskRunId: lastFailure.taskRunId,
      at: lastFailure.startedAt.toISOString(),
      statusCode: lastFailure.statusCode,
      errorKind: lastFailure.errorKind,
      errorMessage: lastFailure.errorMessage,
    },
  };
}
