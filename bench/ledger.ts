// Reads the ledger directly (the benchmark owns the database): how many runs reached a status.
import pg from 'pg';

export interface Ledger {
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
