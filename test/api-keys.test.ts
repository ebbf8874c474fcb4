// API keys: every /v1 call needs one; wrong, revoked, expired and missing keys get the same 401;
// read scope only reads; rotation leaves two keys valid for the grace period.
import { describe, expect, inject, it } from 'vitest';
import { api, sleep, waitFor } from './helpers/api';
import { createEndpoint } from './helpers/endpoints';

async function raw(path: string, headers: Record<string, string>, method = 'GET') {
  const res = await fetch(inject('apiUrl') + path, { method, headers });
  return { status: res.status, body: await res.text(), wwwAuthenticate: res.headers.get('www-authenticate'), contentType: res.headers.get('content-type') };
}

async function newKey(scope: 'read' | 'full', name = `test ${scope}`) {
  const res = await api('POST', '/v1/api-keys', { name, scope });
  expect(res.status).toBe(201);
  return res.body as { id: string; key: string; prefix: string; lastFour: string; scope: string };
}

describe('authentication', () => {
  it('wrong, malformed, revoked and missing keys all get the identical 401 problem', async () => {
    const revoked = await newKey('full');
    expect((await api('POST', `/v1/api-keys/${revoked.id}/revoke`)).body.status).toBe('revoked');
    const attempts: Record<string, string>[] = [
      {},
      { authorization: '' },
      { authorization: 'Bearer' },
      { authorization: 'Bearer ek_wrongwrongwrongwrongwrongwrongwrongwrong000' },
      { authorization: `Basic ${Buffer.from('user:pass').toString('base64')}` },
      { authorization: `Bearer ${inject('apiKey')}x` },
      { authorization: `Bearer ${revoked.key}` },
      { authorization: `bearer  ${revoked.key.slice(0, -1)}` },
    ];
    const answers = await Promise.all(attempts.map((h) => raw('/v1/endpoints', h)));
    for (const a of answers) {
      expect(a.status).toBe(401);
      expect(a.contentType).toContain('application/problem+json');
      expect(a.wwwAuthenticate).toBe('Bearer realm="edgecron"');
      // Nothing in the answer tells the kinds of failure apart; only its trace id is its own (one per request).
      const { traceId, ...rest } = JSON.parse(a.body);
      const { traceId: firstTraceId, ...first } = JSON.parse(answers[0].body);
      expect(rest).toEqual(first);
      expect(traceId).toMatch(/^[0-9a-f]{32}$/);
      expect(firstTraceId).toMatch(/^[0-9a-f]{32}$/);
    }
    expect(JSON.parse(answers[0].body)).toMatchObject({ status: 401, title: 'Unauthorized' });
  });

  it('protects every /v1 resource, but not health, readiness or metrics', async () => {
    for (const path of ['/v1/endpoints', '/v1/task-runs', '/v1/schedules', '/v1/api-keys', '/v1/nowhere']) {
      expect((await raw(path, {})).status).toBe(401);
    }
    expect((await raw('/v1/endpoints', {}, 'POST')).status).toBe(401);
    for (const path of ['/healthz', '/readyz', '/metrics']) expect((await raw(path, {})).status).toBe(200);
  });

  it('an expired key stops working at its expiry', async () => {
    const expiresAt = new Date(Date.now() + 1500).toISOString();
    const created = await api('POST', '/v1/api-keys', { name: 'short-lived', scope: 'read', expiresAt });
    expect(created.status).toBe(201);
    expect((await api('GET', '/v1/endpoints', undefined, created.body.key)).status).toBe(200);
    await waitFor(() => api('GET', '/v1/endpoints', undefined, created.body.key), (r) => r.status === 401, 10_000, 200);
    expect((await api('GET', `/v1/api-keys/${created.body.id}`)).body.status).toBe('expired');
  });
});

describe('API key management', () => {
  it('shows a key once; afterwards only its prefix and last four characters, never the key or its hash', async () => {
    const created = await newKey('read', 'dashboard');
    expect(created.key).toMatch(/^ek_[A-Za-z0-9_-]{43}$/);
    expect(created.prefix).toBe(created.key.slice(0, 7));
    expect(created.lastFour).toBe(created.key.slice(-4));

    const fetched = await api('GET', `/v1/api-keys/${created.id}`);
    expect(fetched.body).toMatchObject({ id: created.id, name: 'dashboard', scope: 'read', status: 'active' });
    const listed = await api('GET', '/v1/api-keys?limit=100');
    const row = listed.body.data.find((k: any) => k.id === created.id);
    expect(row).toBeDefined();
    for (const shown of [JSON.stringify(fetched.body), JSON.stringify(listed.body)]) {
      expect(shown).not.toContain(created.key);
      expect(shown).not.toContain('hash');
    }
  });

  it('validates its input and 404s unknown keys', async () => {
    expect((await api('POST', '/v1/api-keys', { scope: 'admin', name: 'x' })).body.errors[0].field).toBe('scope');
    expect((await api('POST', '/v1/api-keys', { name: '' })).body.errors[0].field).toBe('name');
    expect((await api('POST', '/v1/api-keys', { name: 'x', expiresAt: '2000-01-01T00:00:00Z' })).body.errors[0].field).toBe('expiresAt');
    expect((await api('POST', '/v1/api-keys/key_00000000000000000000000000/revoke')).status).toBe(404);
  });

  it('a read-scope key reads, but cannot change anything, reveal secrets or manage keys (403)', async () => {
    const { key } = await newKey('read');
    const endpoint = await createEndpoint({ url: 'https://example.com/hook' });
    expect((await api('GET', '/v1/endpoints', undefined, key)).status).toBe(200);
    expect((await api('GET', `/v1/endpoints/${endpoint.id}`, undefined, key)).status).toBe(200);
    expect((await api('GET', '/v1/task-runs', undefined, key)).status).toBe(200);
    const forbidden = [
      await api('POST', '/v1/endpoints', { url: 'https://example.com/x' }, key),
      await api('PATCH', `/v1/endpoints/${endpoint.id}`, { description: 'x' }, key),
      await api('DELETE', `/v1/endpoints/${endpoint.id}`, undefined, key),
      await api('POST', `/v1/endpoints/${endpoint.id}/pause`, undefined, key),
      await api('GET', `/v1/endpoints/${endpoint.id}/secret`, undefined, key),
      await api('POST', '/v1/task-runs', { endpointId: endpoint.id, payload: {} }, key),
      await api('GET', '/v1/api-keys', undefined, key),
      await api('POST', '/v1/api-keys', { name: 'escalate', scope: 'full' }, key),
    ];
    for (const res of forbidden) {
      expect(res.status).toBe(403);
      expect(res.body.title).toBe('Forbidden');
    }
    expect((await api('GET', `/v1/endpoints/${endpoint.id}`)).body.description).toBeNull(); // nothing changed
  });

  it('a full-scope key may do everything', async () => {
    const { key } = await newKey('full');
    const endpoint = await api('POST', '/v1/endpoints', { url: 'https://example.com/full' }, key);
    expect(endpoint.status).toBe(201);
    expect((await api('GET', `/v1/endpoints/${endpoint.body.id}/secret`, undefined, key)).body.secret).toBe(endpoint.body.secret);
  });

  it('revoking takes effect on the next request', async () => {
    const { id, key } = await newKey('full');
    expect((await api('GET', '/v1/endpoints', undefined, key)).status).toBe(200);
    const revoked = await api('POST', `/v1/api-keys/${id}/revoke`);
    expect(revoked.body).toMatchObject({ status: 'revoked' });
    expect(revoked.body.revokedAt).toBeTruthy();
    expect((await api('GET', '/v1/endpoints', undefined, key)).status).toBe(401);
  });

  it('rotating gives a new key; old and new both work during the grace period, then only the new one', async () => {
    const old = await newKey('full', 'ci deploys');
    const rotated = await api('POST', `/v1/api-keys/${old.id}/rotate`, { gracePeriodSeconds: 2 });
    expect(rotated.status).toBe(201);
    expect(rotated.body).toMatchObject({ name: 'ci deploys', scope: 'full', status: 'active' });
    expect(rotated.body.key).not.toBe(old.key);
    expect(rotated.body.previous).toMatchObject({ id: old.id, replacedById: rotated.body.id });

    expect((await api('GET', '/v1/endpoints', undefined, old.key)).status).toBe(200);
    expect((await api('GET', '/v1/endpoints', undefined, rotated.body.key)).status).toBe(200);
    expect((await api('POST', `/v1/api-keys/${old.id}/rotate`, {})).status).toBe(409); // rotated once is enough

    await sleep(2200);
    expect((await api('GET', '/v1/endpoints', undefined, old.key)).status).toBe(401);
    expect((await api('GET', '/v1/endpoints', undefined, rotated.body.key)).status).toBe(200);
    expect((await api('GET', `/v1/api-keys/${old.id}`)).body.status).toBe('expired');
  });
});
