// Endpoints for the chaos cases, each with a short retry policy so a fault ends in seconds.
import { newId } from '../../../src/domain/node/ids';
import type { Db } from '../../../src/db/prisma';

type Api = (method: string, path: string, body?: unknown) => Promise<{ status: number; body: any }>;

/** A stored retry policy (the retry-policies API is another branch's; the ledger row is the same). */
export async function createRetryPolicy(db: Db, o: { maxAttempts: number; intervalMs: number }): Promise<string> {
  const id = newId('retryPolicy');
  await db.retryPolicy.create({
    data: { id, name: `chaos ${o.maxAttempts}x${o.intervalMs}ms`, strategy: 'fixed', initialIntervalMs: o.intervalMs, maxIntervalMs: o.intervalMs, coefficient: 1, maxAttempts: o.maxAttempts },
  });
  return id;
}

export async function createEndpoint(api: Api, body: Record<string, unknown> & { url: string }) {
  const res = await api('POST', '/v1/endpoints', body);
  if (res.status !== 201) throw new Error(`endpoint create failed: ${res.status} ${JSON.stringify(res.body)}`);
  return res.body as { id: string; secret: string };
}

export async function createRun(api: Api, endpointId: string, payload: unknown = { chaos: true }): Promise<string> {
  const res = await api('POST', '/v1/task-runs', { endpointId, payload });
  if (res.status !== 202 && res.status !== 201) throw new Error(`task run create failed: ${res.status} ${JSON.stringify(res.body)}`);
  return res.body.id as string;
}
