// Helpers for retry and dead-letter tests: policies, runs, dead letters.
import { expect } from 'vitest';
import { api, runUntilFinal, waitFor } from './api';

export async function createPolicy(body: Record<string, unknown>) {
  const res = await api('POST', '/v1/retry-policies', { name: 'test policy', ...body });
  if (res.status !== 201) throw new Error(`policy create failed: ${res.status} ${JSON.stringify(res.body)}`);
  return res.body as { id: string; [k: string]: unknown };
}

/** Fast retries so tests end in seconds: `maxAttempts` calls, 100 ms apart. */
export const fastPolicy = (maxAttempts: number) =>
  createPolicy({ strategy: 'fixed', initialIntervalMs: 100, maxIntervalMs: 100, maxAttempts });

export async function createRun(endpointId: string, payload: unknown = { order: 'ord_1' }) {
  const res = await api('POST', '/v1/task-runs', { endpointId, payload });
  expect(res.status).toBe(202);
  return res.body;
}

/** Runs one task run to dead_letter and returns its dead letter. */
export async function deadLetterOf(endpointId: string, payload?: unknown) {
  const run = await createRun(endpointId, payload);
  const final = await runUntilFinal(run.id);
  expect(final.status).toBe('dead_letter');
  const list = await api('GET', `/v1/dead-letters?endpointId=${endpointId}&limit=100`);
  const dl = list.body.data.find((d: any) => d.taskRunId === run.id);
  expect(dl).toBeDefined();
  return { run, deadLetter: dl };
}

export const openDeadLetterIds = async (endpointId: string): Promise<string[]> =>
  (await api('GET', `/v1/dead-letters?endpointId=${endpointId}&status=open&limit=100`)).body.data.map((d: any) => d.id);

export { waitFor };
