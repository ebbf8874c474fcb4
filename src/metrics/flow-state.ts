// Endpoint health gauges, read from PostgreSQL when /metrics is scraped (they are global facts, the
// same whichever API process answers): endpoints by circuit and pause state, and runs waiting
// without spending attempts, by why they wait.
import { Gauge } from 'prom-client';
import type { Db } from '../db/prisma';
import { registry } from './metrics';

const endpointsByState = new Gauge({
  name: 'edgecron_endpoints_by_state',
  help: 'Live endpoints by health state: circuit_open, circuit_half_open, paused, disabled',
  labelNames: ['state'] as const,
  registers: [registry],
});

const runsWaiting = new Gauge({
  name: 'edgecron_runs_waiting',
  help: 'Task runs waiting without spending attempts, by reason: flow_limit (maxConcurrency, rate, fair share), circuit_open, paused',
  labelNames: ['reason'] as const,
  registers: [registry],
});

export async function refreshFlowStateGauges(db: Db): Promise<void> {
  const [endpoints] = await db.$queryRawUnsafe<Record<string, number>[]>(
    `SELECT count(*) FILTER (WHERE "circuitOpenedAt" IS NOT NULL AND "circuitProbeAt" IS NULL)::int AS "circuit_open",
            count(*) FILTER (WHERE "circuitOpenedAt" IS NOT NULL AND "circuitProbeAt" IS NOT NULL)::int AS "circuit_half_open",
            count(*) FILTER (WHERE "status" = 'paused')::int AS "paused",
            count(*) FILTER (WHERE "status" = 'disabled')::int AS "disabled"
       FROM "Endpoint" WHERE "deletedAt" IS NULL`,
  );
  for (const [state, n] of Object.entries(endpoints ?? {})) endpointsByState.set({ state }, Number(n));
  const waiting = await db.$queryRawUnsafe<{ reason: string; n: number }[]>(
    `SELECT CASE WHEN "statusReason" LIKE 'waiting for a delivery slot%' THEN 'flow_limit'
                 WHEN "statusReason" LIKE 'circuit open%' THEN 'circuit_open'
                 ELSE 'paused' END AS "reason", count(*)::int AS "n"
       FROM "TaskRun"
      WHERE "status" = 'pending' AND ("statusReason" LIKE 'waiting for a delivery slot%' OR "statusReason" LIKE 'circuit open%' OR "statusReason" LIKE 'endpoint paused%')
      GROUP BY 1`,
  );
  for (const reason of ['flow_limit', 'circuit_open', 'paused']) runsWaiting.set({ reason }, waiting.find((w) => w.reason === reason)?.n ?? 0);
}
