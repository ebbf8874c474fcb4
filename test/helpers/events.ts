// Helpers for event tests: publish with an optional Idempotency-Key header, wait for a fanout to end.
import { inject } from 'vitest';
import { api, authHeaders, waitFor, type ApiResponse } from './api';

export async function publish(body: Record<string, unknown>, idempotencyKey?: string): Promise<ApiResponse> {
  const res = await fetch(inject('apiUrl') + '/v1/events', {
    method: 'POST',
    headers: { ...authHeaders(), 'content-type': 'application/json', ...(idempotencyKey ? { 'idempotency-key': idempotencyKey } : {}) },
    body: JSON.stringify(body),
  });
  const text = await res.text();
  return { status: res.status, body: text ? JSON.parse(text) : undefined, contentType: res.headers.get('content-type') };
}

const FINAL = ['success', 'dead_letter', 'cancelled', 'failed'];

/** Waits until the fanout has counted its matches and every task run it created has ended. */
export async function eventUntilDelivered(eventId: string, timeoutMs = 30_000, everyMs = 200) {
  const res = await waitFor(
    () => api('GET', `/v1/events/${eventId}`),
    (r) => {
      // A 503 (the database busy on a loaded machine) says to ask again shortly.
      if (r.status !== 200 || r.body.matchedEndpointCount === null) return false;
      const counts = r.body.taskRunCounts as Record<string, number>;
      const ended = FINAL.reduce((n, s) => n + (counts[s] ?? 0), 0);
      return ended === r.body.matchedEndpointCount;
    },
    timeoutMs,
    everyMs,
  );
  return res.body;
}
