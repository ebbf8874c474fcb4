// Every problem+json answer names its occurrence (`instance`: the request path) and carries a trace id
// the caller can quote: the one its `traceparent` gave, or a fresh one per request.
import type { AddressInfo } from 'node:net';
import express from 'express';
import { describe, expect, inject, it } from 'vitest';
import { problemHandler } from '../src/api/problem';
import { assignTraceId } from '../src/api/request-trace-id';
import type { Logger } from '../src/logger';
import { api } from './helpers/api';

const TRACE_ID = /^[0-9a-f]{32}$/;

describe('problem+json answers', () => {
  it('carry the request path as instance and a trace id on a 404', async () => {
    const missing = await api('GET', '/v1/endpoints/ep_00000000000000000000000000');
    expect(missing.status).toBe(404);
    expect(missing.contentType).toContain('application/problem+json');
    expect(missing.body).toMatchObject({ status: 404, title: 'Endpoint not found', instance: '/v1/endpoints/ep_00000000000000000000000000' });
    expect(missing.body.traceId).toMatch(TRACE_ID);
  });

  it('carry them on a 400 validation error, and leave the query (user data) out of instance', async () => {
    const invalid = await api('POST', '/v1/endpoints', { url: 'not a url' });
    expect(invalid.status).toBe(400);
    expect(invalid.body).toMatchObject({ status: 400, instance: '/v1/endpoints' });
    expect(invalid.body.errors.map((e: { field: string }) => e.field)).toContain('url');
    expect(invalid.body.traceId).toMatch(TRACE_ID);

    const badQuery = await api('GET', '/v1/task-runs?limit=many&status=secret-ish');
    expect(badQuery.status).toBe(400);
    expect(badQuery.body.instance).toBe('/v1/task-runs');
    expect(badQuery.body.traceId).toMatch(TRACE_ID);
  });

  it('carry them when the request is refused before any route (no API key)', async () => {
    const res = await fetch(`${inject('apiUrl')}/v1/endpoints`);
    expect(res.status).toBe(401);
    const body = (await res.json()) as Record<string, unknown>;
    expect(body.instance).toBe('/v1/endpoints');
    expect(body.traceId).toMatch(TRACE_ID);
  });

  it("answer with the caller's trace id when the request carries a traceparent", async () => {
    const traceId = '4bf92f3577b34da6a3ce929d0e0e4736';
    const missing = await api('GET', '/v1/endpoints/ep_00000000000000000000000000', undefined, {
      headers: { traceparent: `00-${traceId}-00f067aa0ba902b7-01` },
    });
    expect(missing.status).toBe(404);
    expect(missing.body.traceId).toBe(traceId);
  });

  it('give each request without a traceparent its own trace id', async () => {
    const [a, b] = await Promise.all([api('GET', '/v1/nothing-here'), api('GET', '/v1/nothing-here')]);
    expect([a.status, b.status]).toEqual([404, 404]);
    expect(a.body.instance).toBe('/v1/nothing-here');
    expect(a.body.traceId).toMatch(TRACE_ID);
    expect(b.body.traceId).toMatch(TRACE_ID);
    expect(a.body.traceId).not.toBe(b.body.traceId);
  });

  it('log an internal error (500) under the trace id its answer carries', async () => {
    const logged: Record<string, unknown>[] = [];
    const logger = { error: (fields: Record<string, unknown>) => logged.push(fields) } as unknown as Logger;
    const app = express().use(assignTraceId).get('/boom', () => {
      throw new Error('a bug');
    });
    app.use(problemHandler(logger));
    const server = app.listen(0, '127.0.0.1');
    await new Promise((resolve) => server.once('listening', resolve));
    try {
      const res = await fetch(`http://127.0.0.1:${(server.address() as AddressInfo).port}/boom?q=1`);
      expect(res.status).toBe(500);
      const body = (await res.json()) as Record<string, unknown>;
      expect(body).toMatchObject({ status: 500, instance: '/boom' });
      expect(body.traceId).toMatch(TRACE_ID);
      expect(logged).toEqual([expect.objectContaining({ traceId: body.traceId })]);
    } finally {
      await new Promise((resolve) => server.close(resolve));
    }
  });
});
