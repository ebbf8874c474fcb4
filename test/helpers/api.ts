// A tiny JSON client for the API under test.
import { inject } from 'vitest';

export interface ApiResponse<T = any> {
  status: number;
  body: T;
  contentType: string | null;
}

/** The header that authenticates as the test stack's bootstrap key (full scope). */
export function authHeaders(key: string = inject('apiKey')): Record<string, string> {
  return { authorization: `Bearer ${key}` };
}

export interface ApiCallOptions {
  /** Authenticate as this key instead of the bootstrap key. */
  key?: string;
  /** Another API process of the same stack (e.g. one on its own task queue); default the test stack's. */
  baseUrl?: string;
  /** Extra request headers (e.g. a caller's `traceparent`). */
  headers?: Record<string, string>;
}

/** Calls the API as the bootstrap key, or as `options.key`. */
export async function api<T = any>(method: string, path: string, body?: unknown, options: ApiCallOptions | string = {}): Promise<ApiResponse<T>> {
  const { key, baseUrl = inject('apiUrl'), headers = {} } = typeof options === 'string' ? { key: options } : options;
  const res = await fetch(baseUrl + path, {
    method,
    headers: { ...headers, ...authHeaders(key), ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await res.text();
  return { status: res.status, body: text ? JSON.parse(text) : undefined, contentType: res.headers.get('content-type') };
}

/** Polls `read` until `done` holds for its value; fails with the last value seen. */
export async function waitFor<T>(read: () => Promise<T>, done: (v: T) => boolean, timeoutMs = 20_000, everyMs = 100): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let last: T;
  for (;;) {
    last = await read();
    if (done(last)) return last;
    if (Date.now() > deadline) throw new Error(`timed out waiting; last value: ${JSON.stringify(last)}`);
    await new Promise((r) => setTimeout(r, everyMs));
  }
}

export const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

export async function runUntilFinal(id: string, timeoutMs = 30_000) {
  const res = await waitFor(
    () => api('GET', `/v1/task-runs/${id}`),
    (r) => ['success', 'dead_letter', 'cancelled', 'failed'].includes(r.body.status),
    timeoutMs,
  );
  return res.body;
}
