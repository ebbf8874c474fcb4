// Reads the ledger directly (the benchmark owns the database): how many runs reached a status.
import pg from 'pg';

/** Per run, from the ledger: API insert → attempt start (Temporal dispatch + claim), and the HTTP call. */
export interface RunTimings {
  createdToAttemptMs: number[];
  httpMs: number[];
}

export interface Ledger {
  runTimings(endpointId: string): Promise<RunTimings>;
  /** The workflow ids of an endpoint's runs, oldest first. */
  workflowIds(endpointId: string): Promise<string[]>;
  countRuns(endpointIds: string[], status: string): Promise<number>;
  waitForRuns(endpointIds: string[], status: string, count: number, timeoutMs: number): Promise<number>;
  close(): Promise<void>;
}

export function openLedger(databaseUrl: string): Ledger {
  const pool = new pg.Pool({ connectionString: databaseUrl, max: 2 });
  const countRuns = async (endpointIds: string[], status: string) => {
    const { rows } = await pool.query<{ n: number }>(
      `SELECT count(*)::int AS n FROM "TaskRun" WHERE "endpointId" = ANY($1) AND "status"::text = $2`,
      [endpointIds, status],
    );
    return rows[0].n;
  };
  return {
    async runTimings(endpointId) {
      const { rows } = await pool.query<{ queued: number; http: number }>(
        `SELECT extract(epoch FROM a."startedAt" - r."createdAt") * 1000 AS queued,
                extract(epoch FROM a."endedAt" - a."startedAt") * 1000 AS http
           FROM "TaskRun" r JOIN "DeliveryAttempt" a ON a."taskRunId" = r."id" AND a."attemptNumber" = 1
          WHERE r."endpointId" = $1`,
        [endpointId],
      );
      return { createdToAttemptMs: rows.map((r) => Number(r.queued)), httpMs: rows.map((r) => Number(r.http)) };
    },
    async workflowIds(endpointId) {
      const { rows } = await pool.query<{ workflowId: string }>(
        `SELECT "workflowId" FROM "TaskRun" WHERE "endpointId" = $1 ORDER BY "createdAt", "id"`,
        [endpointId],
      );
      return rows.map((r) => r.workflowId);
    },
    countRuns,
    async waitForRuns(endpointIds, status, count, timeoutMs) {
      const started = performance.now();
      for (;;) {
        const n = await countRuns(endpointIds, status);
        if (n >= count) return performance.now();
        if (performance.now() - started > timeoutMs) throw new Error(`ledger has ${n} of ${count} runs ${status}`);
        await new Promise((r) => setTimeout(r, 50));
      }
    },
    close: () => pool.end(),
  };
}
