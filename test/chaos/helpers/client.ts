// A JSON client for a chaos stack's API, plus the polling and figures every case reports.
import type { Db } from '../../../src/db/prisma';
import { CHAOS_SECURITY } from './security';

export interface ApiResponse<T = any> {
  status: number;
  body: T;
  ms: number;
}

export function apiClient(baseUrl: string, apiKey = CHAOS_SECURITY.EDGECRON_BOOTSTRAP_API_KEY) {
  return async function api<T = any>(method: string, path: string, body?: unknown, timeoutMs = 30_000): Promise<ApiResponse<T>> {
    const started = Date.now();
    const res = await fetch(baseUrl + path, {
      method,
      headers: { authorization: `Bearer ${apiKey}`, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
      body: body === undefined ? undefined : JSON.stringify(body),
      signal: AbortSignal.timeout(timeoutMs),
    });
    const text = await res.text();
    return { status: res.status, body: text ? JSON.parse(text) : undefined, ms: Date.now() - started };
  };
}

export const FINAL = ['success', 'dead_letter', 'cancelled', 'failed'];

export const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Runs the given calls with at most `width` in flight; returns results in order. */
export async function inBatches<T>(count: number, width: number, call: (i: number) => Promise<T>): Promise<T[]> {
  const out: T[] = new Array(count);
  let next = 0;
  await Promise.all(
    Array.from({ length: Math.min(width, count) }, async () => {
      while (next < count) {
        const i = next++;
        out[i] = await call(i);
      }
    }),
  );
  return out;
}

/** Counts runs by status straight from the ledger. */
export async function statusCounts(db: Db, ids: string[]): Promise<Record<string, number>> {
  const rows = await db.taskRun.groupBy({ by: ['status'], where: { id: { in: ids } }, _count: true });
  return Object.fromEntries(rows.map((r) => [r.status, r._count]));
}

/** Waits until every run is in a final state; returns how long that took. `explain` adds context to a timeout. */
export async function waitAllFinal(db: Db, ids: string[], timeoutMs: number, explain: () => string = () => ''): Promise<{ ms: number; counts: Record<string, number> }> {
  const started = Date.now();
  for (;;) {
    const counts = await statusCounts(db, ids).catch(() => ({}) as Record<string, number>);
    const final = FINAL.reduce((n, s) => n + (counts[s] ?? 0), 0);
    if (final === ids.length) return { ms: Date.now() - started, counts };
    if (Date.now() - started > timeoutMs) {
      throw new Error(`only ${final}/${ids.length} runs final after ${timeoutMs} ms: ${JSON.stringify(counts)}\n${explain()}`);
    }
    await sleep(500);
  }
}

/** Prints one case's figures in a form easy to grep from CI output. */
export function report(name: string, figures: Record<string, unknown>): void {
  console.log(`[chaos] ${name}: ${Object.entries(figures).map(([k, v]) => `${k}=${typeof v === 'object' ? JSON.stringify(v) : v}`).join(' ')}`);
}
