// The endpoints resource through the real API and database.
import { describe, expect, inject, it } from 'vitest';
import { api, authHeaders } from './helpers/api';
import { createEndpoint } from './helpers/endpoints';

describe('endpoints API', () => {
  it('creates an endpoint with a generated whsec_ secret, shown once', async () => {
    const created = await api('POST', '/v1/endpoints', { url: 'http://127.0.0.1:1/hook', description: 'billing' });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({ method: 'POST', timeoutMs: 10000, status: 'active', description: 'billing' });
    expect(created.body.id).toMatch(/^ep_[0-9a-z]{26}$/);
    expect(created.body.secret).toMatch(/^whsec_/);

    const fetched = await api('GET', `/v1/endpoints/${created.body.id}`);
    expect(fetched.status).toBe(200);
    expect(fetched.body.secret).toBeUndefined();
    expect((await api('GET', `/v1/endpoints/${created.body.id}/secret`)).body.secret).toBe(created.body.secret);
  });

  it('keeps a secret the user brings', async () => {
    const secret = 'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw';
    const created = await createEndpoint({ url: 'https://example.com/hook', secret, method: 'PUT' });
    expect(created.secret).toBe(secret);
    expect(created.method).toBe('PUT');
  });

  it('updates, pauses, resumes and deletes', async () => {
    const { id } = await createEndpoint({ url: 'https://example.com/a' });
    const patched = await api('PATCH', `/v1/endpoints/${id}`, { url: 'https://example.com/b', timeoutMs: 2500, headers: { 'x-a': '1' } });
    expect(patched.status).toBe(200);
    // Header values are sealed at rest and answered masked (test/endpoint-credentials.test.ts).
    expect(patched.body).toMatchObject({ url: 'https://example.com/b', timeoutMs: 2500, headers: { 'x-a': '********' } });

    expect((await api('POST', `/v1/endpoints/${id}/pause`)).body.status).toBe('paused');
    // A paused endpoint holds what is sent to it (test/pause-holds-work.test.ts).
    const held = await api('POST', '/v1/task-runs', { endpointId: id, payload: {} });
    expect(held.status).toBe(202);
    expect((await api('POST', `/v1/endpoints/${id}/resume`)).body.status).toBe('active');

    const deleted = await api('DELETE', `/v1/endpoints/${id}`);
    expect(deleted.status).toBe(200);
    expect(deleted.body).toEqual({ id, deleted: true, schedules: { deleted: [] } });
    expect((await api('GET', `/v1/endpoints/${id}`)).status).toBe(404);
    expect((await api('DELETE', `/v1/endpoints/${id}`)).status).toBe(404);
  });

  it('lists newest first with cursor pagination that visits every endpoint once', async () => {
    const ids: string[] = [];
    for (let i = 0; i < 5; i++) ids.push((await createEndpoint({ url: `https://example.com/page/${i}`, description: 'paging' })).id);
    const seen: string[] = [];
    let cursor: string | null = null;
    let pages = 0;
    do {
      const res: any = await api('GET', `/v1/endpoints?limit=2${cursor ? `&cursor=${cursor}` : ''}`);
      expect(res.status).toBe(200);
      expect(res.body.data.length).toBeLessThanOrEqual(2);
      seen.push(...res.body.data.map((e: any) => e.id));
      cursor = res.body.nextCursor;
      pages++;
    } while (cursor && pages < 500);
    expect(seen.filter((id) => ids.includes(id))).toEqual([...ids].reverse());
    expect(new Set(seen).size).toBe(seen.length);
  });

  it.each([
    [{ url: 'ftp://example.com' }, 'url'],
    [{ url: 'not a url' }, 'url'],
    [{ url: 'https://example.com', method: 'TRACE' }, 'method'],
    [{ url: 'https://example.com', timeoutMs: 5 }, 'timeoutMs'],
    [{ url: 'https://example.com', secret: 'plain' }, 'secret'],
    [{ url: 'https://example.com', headers: { 'x-a': 'a\r\nb' } }, 'headers.x-a'],
    [{ url: 'https://example.com', headers: { 'webhook-id': 'x' } }, 'headers.webhook-id'],
    [{ url: 'https://example.com', headers: { Host: 'evil' } }, 'headers.Host'],
    [{ url: 'https://example.com', colour: 'red' }, 'colour'],
    [{ url: 'https://example.com', maxConcurrency: 0 }, 'maxConcurrency'],
    [{ url: 'https://example.com', rateLimitPerSecond: 1.5 }, 'rateLimitPerSecond'],
    [{ url: 'https://example.com', flowControlKey: 'has space' }, 'flowControlKey'],
    [{}, 'url'],
  ])('rejects %j with a problem naming %s', async (body, field) => {
    const res = await api('POST', '/v1/endpoints', body);
    expect(res.status).toBe(400);
    expect(res.contentType).toContain('application/problem+json');
    expect(res.body.errors.map((e: any) => e.field)).toContain(field);
  });

  it('sets flow limits on create, changes and clears them by PATCH', async () => {
    const created = await createEndpoint({ url: 'https://example.com/limits', maxConcurrency: 3, rateLimitPerSecond: 10, flowControlKey: 'host-a' });
    expect(created).toMatchObject({ maxConcurrency: 3, rateLimitPerSecond: 10, flowControlKey: 'host-a' });
    const patched = await api('PATCH', `/v1/endpoints/${created.id}`, { maxConcurrency: null, rateLimitPerSecond: 2 });
    expect(patched.body).toMatchObject({ maxConcurrency: null, rateLimitPerSecond: 2, flowControlKey: 'host-a' });
    const bad = await api('PATCH', `/v1/endpoints/${created.id}`, { maxConcurrency: 100_000 });
    expect(bad.status).toBe(400);
    expect(bad.body.errors.map((e: any) => e.field)).toEqual(['maxConcurrency']);
  });

  it('answers malformed JSON with a 400 problem, and unknown ids with 404', async () => {
    const res = await fetch(`${inject('apiUrl')}/v1/endpoints`, {
      method: 'POST',
      headers: { ...authHeaders(), 'content-type': 'application/json' },
      body: '{"url": ',
    });
    expect(res.status).toBe(400);
    expect(((await res.json()) as any).errors[0].field).toBe('body');
    const missing = await api('GET', '/v1/endpoints/ep_00000000000000000000000000');
    expect(missing.status).toBe(404);
    expect(missing.body.title).toBe('Endpoint not found');
  });
});

describe('task runs API validation', () => {
  it.each([
    [{ payload: {} }, 'endpointId'],
    [{ endpointId: 'ep_x' }, 'payload'],
    [{ endpointId: 'ep_x', payload: {}, delayMs: -1 }, 'delayMs'],
    [{ endpointId: 'ep_x', payload: {}, runAt: 'tomorrow' }, 'runAt'],
  ])('rejects %j naming %s', async (body, field) => {
    const res = await api('POST', '/v1/task-runs', body);
    expect(res.status).toBe(400);
    expect(res.body.errors.map((e: any) => e.field)).toContain(field);
  });

  it('names endpointId when the endpoint does not exist, and writes nothing', async () => {
    const before = (await api('GET', '/v1/task-runs?limit=100')).body.data.length;
    const res = await api('POST', '/v1/task-runs', { endpointId: 'ep_00000000000000000000000000', payload: {} });
    expect(res.status).toBe(404);
    expect(res.body.errors[0].field).toBe('endpointId');
    expect((await api('GET', '/v1/task-runs?limit=100')).body.data.length).toBe(before);
  });

  it('404s an unknown task run', async () => {
    expect((await api('GET', '/v1/task-runs/run_00000000000000000000000000')).status).toBe(404);
    expect((await api('POST', '/v1/task-runs/run_00000000000000000000000000/cancel')).status).toBe(404);
  });
});
