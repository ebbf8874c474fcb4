// Input limits and rate limiting. A sweep of hostile requests must get 4xx, never 5xx, and leave
// the API healthy. Rate limits and the production allow-list (empty) are shown on a second API
// process started here with its own settings against the same database and Temporal, because the
// shared stack runs unthrottled and allows loopback for the other tests' receivers.
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { loadConfig } from '../src/config';
import { generateApiKey } from '../src/domain/node/api-key';
import { startApiServer, type RunningApi } from '../src/runtime/api-server';
import { api, authHeaders } from './helpers/api';
import { createEndpoint } from './helpers/endpoints';

interface Hostile {
  name: string;
  method: string;
  path: string;
  headers?: Record<string, string>;
  body?: string;
}

const json = { 'content-type': 'application/json' };
const nested = (depth: number, leaf = '1') => '['.repeat(depth) + leaf + ']'.repeat(depth);
const nestedObject = (depth: number) => '{"a":'.repeat(depth) + '1' + '}'.repeat(depth);

function hostileRequests(endpointId: string): Hostile[] {
  const out: Hostile[] = [];
  const add = (name: string, method: string, path: string, body?: unknown, headers: Record<string, string> = json) =>
    out.push({ name, method, path, headers, body: typeof body === 'string' || body === undefined ? body : JSON.stringify(body) });

  // Bad or missing credentials, on every resource and method.
  const badAuth: Array<Record<string, string>> = [
    {}, { authorization: 'Bearer nope' }, { authorization: 'Bearer ' + 'a'.repeat(600) }, { authorization: 'Basic Zm9vOmJhcg==' },
    { authorization: 'Bearer ek_' + 'A'.repeat(43) }, { authorization: 'Token ' + inject('apiKey') },
  ];
  for (const h of badAuth) {
    for (const [method, path] of [['GET', '/v1/endpoints'], ['POST', '/v1/endpoints'], ['POST', '/v1/task-runs'], ['GET', '/v1/api-keys'], ['DELETE', `/v1/endpoints/${endpointId}`]]) {
      out.push({ name: `auth ${JSON.stringify(h).slice(0, 40)} ${method} ${path}`, method, path, headers: { ...json, ...h }, body: method === 'POST' ? '{}' : undefined });
    }
  }

  // Malformed JSON to every creating call.
  const badJson = ['{', '{"url": ', '[1, 2', '{"a":1,}', "{'url': 'x'}", 'NaN', 'undefined', '{"url": "https://e.com"}}', '\u0000', '{"a": "\\ud800"', '"unterminated', '{"a" 1}', '01', '--'];
  for (const path of ['/v1/endpoints', '/v1/task-runs', '/v1/schedules', '/v1/api-keys', `/v1/endpoints/${endpointId}/secret/rotate`]) {
    for (const body of badJson) add(`bad JSON ${body.slice(0, 12)} → ${path}`, 'POST', path, body);
  }
  add('bad JSON on PATCH', 'PATCH', `/v1/endpoints/${endpointId}`, '{"description": ');

  // Wrong types and values.
  const endpointBodies: unknown[] = [
    null, [], 'string', 42, true, {}, { url: 123 }, { url: [] }, { url: {} }, { url: null }, { url: '' },
    { url: 'https://e.com', method: 'TRACE' }, { url: 'https://e.com', method: 1 }, { url: 'https://e.com', headers: 'x' },
    { url: 'https://e.com', headers: ['a'] }, { url: 'https://e.com', headers: { a: 1 } }, { url: 'https://e.com', timeoutMs: '100' },
    { url: 'https://e.com', timeoutMs: -1 }, { url: 'https://e.com', timeoutMs: 1.5 }, { url: 'https://e.com', timeoutMs: 1e308 },
    { url: 'https://e.com', description: 5 }, { url: 'https://e.com', secret: 'whsec_short' }, { url: 'https://e.com', retryPolicyId: 'rp_nope' },
    { url: 'https://e.com', extra: true }, { url: 'https://e.com/' + 'a'.repeat(3000) },
  ];
  for (const body of endpointBodies) add(`endpoint ${JSON.stringify(body).slice(0, 50)}`, 'POST', '/v1/endpoints', body);
  const runBodies: unknown[] = [
    {}, { endpointId: 1, payload: {} }, { endpointId: endpointId }, { endpointId, payload: {}, delayMs: 'soon' },
    { endpointId, payload: {}, delayMs: -5 }, { endpointId, payload: {}, runAt: 5 }, { endpointId, payload: {}, runAt: 'yesterday' },
    { endpointId, payload: {}, runAt: new Date().toISOString(), delayMs: 1 }, { endpointId: 'ep_missing', payload: {} }, { endpointId: 'x'.repeat(65), payload: {} },
  ];
  for (const body of runBodies) add(`task run ${JSON.stringify(body).slice(0, 50)}`, 'POST', '/v1/task-runs', body);
  const scheduleBodies: unknown[] = [
    {}, { endpointId, cron: 5, payload: {} }, { endpointId, cron: '99 * * * *', payload: {} }, { endpointId, cron: '* * *', payload: {} },
    { endpointId, cron: '* * * * *', timezone: 'Mars/Olympus', payload: {} }, { endpointId, payload: {} },
  ];
  for (const body of scheduleBodies) add(`schedule ${JSON.stringify(body).slice(0, 50)}`, 'POST', '/v1/schedules', body);
  for (const body of [{}, { name: 5 }, { name: 'x', scope: 'root' }, { name: 'x', expiresAt: 'never' }, { name: 'x'.repeat(101) }]) {
    add(`api key ${JSON.stringify(body).slice(0, 40)}`, 'POST', '/v1/api-keys', body);
  }

  // Huge bodies and payloads.
  add('2 MiB body', 'POST', '/v1/endpoints', JSON.stringify({ url: 'https://e.com', description: 'x'.repeat(2 * 1024 * 1024) }));
  add('2 MiB array', 'POST', '/v1/task-runs', '[' + '1,'.repeat(1024 * 1024) + '1]');
  for (const kib of [300, 600, 1000]) add(`${kib} KiB payload`, 'POST', '/v1/task-runs', { endpointId, payload: { blob: 'x'.repeat(kib * 1024) } });
  add('300 KiB schedule payload', 'POST', '/v1/schedules', { endpointId, cron: '0 * * * *', payload: { blob: 'x'.repeat(300 * 1024) } });

  // Deep nesting.
  for (const depth of [33, 100, 10_000, 200_000]) {
    add(`array nested ${depth}`, 'POST', '/v1/task-runs', `{"endpointId":"${endpointId}","payload":${nested(depth)}}`);
    add(`object nested ${depth}`, 'POST', '/v1/endpoints', `{"url":"https://e.com","headers":${nestedObject(depth)}}`);
  }
  add('top-level nesting', 'POST', '/v1/api-keys', nested(50_000));

  // Prototype pollution attempts.
  const proto = [
    '{"__proto__": {"polluted": true}, "url": "https://e.com"}',
    '{"url": "https://e.com", "headers": {"__proto__": {"polluted": "yes"}}}',
    '{"url": "https://e.com", "headers": {"__proto__": "x"}}',
    `{"endpointId": "${endpointId}", "payload": {"__proto__": {"isAdmin": true}}}`,
    `{"endpointId": "${endpointId}", "payload": {"a": [{"b": {"__proto__": {"x": 1}}}]}}`,
    '{"constructor": {"prototype": {"polluted": true}}, "url": "https://e.com"}',
    '{"name": "x", "__proto__": {"scope": "full"}}',
  ];
  for (const body of proto) add(`proto ${body.slice(0, 40)}`, 'POST', body.includes('endpointId') ? '/v1/task-runs' : body.includes('name') ? '/v1/api-keys' : '/v1/endpoints', body);
  add('proto on PATCH', 'PATCH', `/v1/endpoints/${endpointId}`, '{"__proto__": {"status": "active"}}');

  // Header injection and reserved headers.
  const headerSets = [
    { 'x-a': 'a\r\nHost: evil' }, { 'x-a': 'a\nb' }, { 'x-a': 'a\rb' }, { 'x-a': 'nul\u0000' }, { 'x\r\nb': 'a' }, { 'x a': 'b' }, { '': 'x' },
    { Host: 'evil.com' }, { 'Content-Length': '0' }, { 'transfer-encoding': 'chunked' }, { 'webhook-signature': 'v1,forged' },
    { 'Webhook-Id': 'x' }, { connection: 'close' }, { traceparent: 'x' }, { 'x-big': 'v'.repeat(5000) },
  ];
  for (const headers of headerSets) add(`endpoint headers ${JSON.stringify(headers).slice(0, 40)}`, 'POST', '/v1/endpoints', { url: 'https://e.com', headers });

  // Bad schemes and internal targets.
  for (const url of ['ftp://e.com/', 'file:///etc/passwd', 'javascript:alert(1)', 'data:text/plain,hi', 'ws://e.com/', 'gopher://e.com', 'e.com/hook', '//e.com',
    'http://', 'http://[::1', 'http://10.0.0.1/', 'http://169.254.169.254/', 'http://0xA9FEA9FE/', 'http://[fd00::1]/', 'http://100.100.100.200/', 'http://[::ffff:10.1.1.1]/']) {
    add(`url ${url}`, 'POST', '/v1/endpoints', { url });
    add(`patch url ${url}`, 'PATCH', `/v1/endpoints/${endpointId}`, { url });
  }

  // Bad queries, paths and content types.
  for (const q of ['limit=0', 'limit=abc', 'limit=101', 'limit=-1', 'status=zzz', 'cursor=' + 'c'.repeat(65), 'windowMinutes=0']) {
    add(`query ${q}`, 'GET', q.startsWith('window') ? `/v1/endpoints/${endpointId}/stats?${q}` : `/v1/endpoints?${q}`);
  }
  add('query on task runs', 'GET', '/v1/task-runs?status=nope');
  add('long URL', 'GET', '/v1/endpoints?cursor=' + 'x'.repeat(5000));
  add('long path', 'GET', '/v1/endpoints/' + 'x'.repeat(5000));
  add('broken percent-encoding', 'GET', '/v1/endpoints/%E0%A4%A');
  add('percent NUL', 'GET', '/v1/endpoints/%00');
  add('percent NUL in a query', 'GET', '/v1/task-runs?cursor=run_%00');
  add('NUL in a description', 'POST', '/v1/endpoints', { url: 'https://e.com', description: 'a\u0000b' });
  add('NUL in a payload', 'POST', '/v1/task-runs', { endpointId, payload: { note: 'a\u0000b' } });
  add('NUL in a payload key', 'POST', '/v1/task-runs', { endpointId, payload: { ['k\u0000']: 1 } });
  add('NUL as the payload', 'POST', '/v1/task-runs', { endpointId, payload: '\u0000' });
  add('unknown route', 'PUT', '/v1/endpoints');
  add('unknown id', 'GET', '/v1/task-runs/run_00000000000000000000000000');
  add('text/plain body', 'POST', '/v1/endpoints', '{"url":"https://e.com"}', { 'content-type': 'text/plain' });
  add('utf-16 charset', 'POST', '/v1/endpoints', '{"url":"https://e.com"}', { 'content-type': 'application/json; charset=utf-16' });
  add('unknown content-encoding', 'POST', '/v1/endpoints', '{"url":"https://e.com"}', { ...json, 'content-encoding': 'br-nope' });
  add('no body', 'POST', '/v1/endpoints', undefined);
  return out;
}

describe('a sweep of malformed and hostile requests', () => {
  it('gets a 4xx problem for every one, never a 5xx, and the API stays healthy', async () => {
    const endpoint = await createEndpoint({ url: 'https://example.com/target' });
    const requests = hostileRequests(endpoint.id);
    expect(requests.length).toBeGreaterThanOrEqual(200);

    const results: Array<{ name: string; status: number; contentType: string | null }> = [];
    for (let i = 0; i < requests.length; i += 8) {
      await Promise.all(requests.slice(i, i + 8).map(async (r) => {
        const authenticated = r.name.startsWith('auth ') ? {} : authHeaders();
        const res = await fetch(inject('apiUrl') + r.path, { method: r.method, headers: { ...authenticated, ...r.headers }, body: r.body });
        await res.arrayBuffer();
        results.push({ name: r.name, status: res.status, contentType: res.headers.get('content-type') });
      }));
    }
    const notClientErrors = results.filter((r) => r.status < 400 || r.status >= 500);
    console.log(`sweep: ${results.length} requests, statuses ${JSON.stringify(Object.fromEntries([...new Set(results.map((r) => r.status))].map((s) => [s, results.filter((r) => r.status === s).length])))}`);
    expect(notClientErrors).toEqual([]);
    expect(results.filter((r) => !r.contentType?.includes('application/problem+json'))).toEqual([]);

    const health = await fetch(inject('apiUrl') + '/healthz');
    expect(health.status).toBe(200);
    expect(await health.json()).toMatchObject({ status: 'ok' });
    // Nothing the sweep sent changed the endpoint or made anything "polluted".
    const after = await api('GET', `/v1/endpoints/${endpoint.id}`);
    expect(after.body).toMatchObject({ url: 'https://example.com/target', status: 'active', headers: {} });
    expect(after.body.polluted).toBeUndefined();
    const fresh = await api('POST', '/v1/endpoints', { url: 'https://example.com/after-sweep' });
    expect(fresh.status).toBe(201);
    expect(fresh.body.polluted).toBeUndefined();
    expect(fresh.body.headers).toEqual({});
  });
});

describe('input limits', () => {
  it('a body over the API limit is a 413 problem', async () => {
    const res = await api('POST', '/v1/endpoints', { url: 'https://e.com', description: 'x'.repeat(1_100_000) });
    expect(res.status).toBe(413);
    expect(res.body).toMatchObject({ status: 413, errors: [{ field: 'body' }] });
  });

  it('a payload over 256 KiB is a 413 naming payload; one just under is accepted', async () => {
    const endpoint = await createEndpoint({ url: 'https://example.com/limits' });
    const over = await api('POST', '/v1/task-runs', { endpointId: endpoint.id, payload: 'x'.repeat(262_144) });
    expect(over.status).toBe(413);
    expect(over.body.errors).toEqual([{ field: 'payload', message: expect.stringContaining('at most 262144') }]);
    const under = await api('POST', '/v1/task-runs', { endpointId: endpoint.id, payload: 'x'.repeat(262_000), delayMs: 3_600_000 });
    expect(under.status).toBe(202);
    await api('POST', `/v1/task-runs/${under.body.id}/cancel`);
  });

  it('nesting deeper than 32 levels is a 400 naming where; 32 levels are fine', async () => {
    const endpoint = await createEndpoint({ url: 'https://example.com/depth' });
    const deep = await api('POST', '/v1/task-runs', { endpointId: endpoint.id, payload: JSON.parse(nested(32)) });
    expect(deep.status).toBe(400);
    expect(deep.body.errors[0]).toEqual({ field: 'payload' + '.0'.repeat(31), message: 'nested deeper than 32 levels' });
    const ok = await api('POST', '/v1/task-runs', { endpointId: endpoint.id, payload: JSON.parse(nested(30)), delayMs: 3_600_000 });
    expect(ok.status).toBe(202);
    await api('POST', `/v1/task-runs/${ok.body.id}/cancel`);
  });

  it('__proto__ keys are refused, naming the path; constructor and prototype are plain data in a payload', async () => {
    const endpoint = await createEndpoint({ url: 'https://example.com/proto' });
    const res = await fetch(inject('apiUrl') + '/v1/task-runs', {
      method: 'POST',
      headers: { ...authHeaders(), ...json },
      body: `{"endpointId": "${endpoint.id}", "payload": {"user": {"__proto__": {"isAdmin": true}}}}`,
    });
    expect(res.status).toBe(400);
    expect(((await res.json()) as any).errors[0].field).toBe('payload.user.__proto__');
    const data = { constructor: { prototype: { isAdmin: true } } };
    const run = await api('POST', '/v1/task-runs', { endpointId: endpoint.id, payload: data, delayMs: 3_600_000 });
    expect(run.status).toBe(202);
    expect((await api('GET', `/v1/task-runs/${run.body.id}`)).body.payload).toEqual(data);
    await api('POST', `/v1/task-runs/${run.body.id}/cancel`);
  });

  it('a request URL over 4096 characters is a 414 problem', async () => {
    const res = await api('GET', '/v1/endpoints?cursor=' + 'x'.repeat(4100));
    expect(res.status).toBe(414);
    expect(res.body.title).toBe('URI too long');
  });
});

describe('an API with production settings: rate limit, empty allow-list, smaller limits', () => {
  let limited: RunningApi;
  const bootstrap = generateApiKey();
  const call = (path: string, key: string, init: RequestInit = {}) =>
    fetch(limited.url + path, { ...init, headers: { authorization: `Bearer ${key}`, ...json, ...(init.headers as object) } });

  beforeAll(async () => {
    const config = loadConfig({
      PATH: process.env.PATH,
      PORT: '0',
      LOG_LEVEL: 'silent',
      TEMPORAL_TASK_QUEUE: 'edgecron-test',
      EDGECRON_SECRET_KEY: inject('secretKey'),
      EDGECRON_BOOTSTRAP_API_KEY: bootstrap,
      // One token every 4 s: four quick calls meet the limit even when a loaded machine spreads them out.
      RATE_LIMIT_PER_SECOND: '0.25',
      RATE_LIMIT_BURST: '3',
      PAYLOAD_LIMIT_BYTES: '1024',
      // DELIVERY_ALLOW_LIST unset: nothing internal is allowed.
    });
    limited = await startApiServer(config, inject('databaseUrl'), inject('temporalAddress'));
  });
  afterAll(async () => limited?.close());

  it('limits each API key to its bucket: the next request is a 429 with Retry-After, other keys are unaffected', async () => {
    const statuses: number[] = [];
    let retryAfter: string | null = null;
    for (let i = 0; i < 4; i++) {
      const res = await call('/v1/endpoints', bootstrap);
      statuses.push(res.status);
      if (res.status === 429) {
        retryAfter = res.headers.get('retry-after');
        expect(await res.json()).toMatchObject({ status: 429, title: 'Too many requests' });
      } else await res.arrayBuffer();
    }
    expect(statuses).toEqual([200, 200, 200, 429]);
    // Until the next token: at most 4 s at 0.25 per second, rounded up.
    expect(Number(retryAfter)).toBeGreaterThanOrEqual(1);
    expect(Number(retryAfter)).toBeLessThanOrEqual(4);

    const other = (await api('POST', '/v1/api-keys', { name: 'other tenant', scope: 'read' })).body.key;
    expect((await call('/v1/endpoints', other)).status).toBe(200);

    await new Promise((r) => setTimeout(r, 1000 * Number(retryAfter) + 100));
    expect((await call('/v1/endpoints', bootstrap)).status).toBe(200);
    // Health and metrics are not rate limited.
    for (let i = 0; i < 5; i++) expect((await fetch(limited.url + '/healthz')).status).toBe(200);
  });

  /** A new full-scope key, so its bucket is full (the rate limit is per key). */
  const freshKey = async () => (await api('POST', '/v1/api-keys', { name: 'fresh', scope: 'full' })).body.key as string;

  it('refuses loopback and localhost endpoint URLs that the test stack (loopback allow-listed) accepts', async () => {
    for (const url of ['http://127.0.0.1:4000/hooks', 'http://localhost:4000/hooks', 'http://[::1]/', 'http://2130706433/', 'http://sub.localhost/']) {
      const res = await call('/v1/endpoints', await freshKey(), { method: 'POST', body: JSON.stringify({ url }) });
      expect(res.status).toBe(403);
      expect(((await res.json()) as any).errors[0]).toMatchObject({ field: 'url', message: expect.stringContaining('loopback') });
      expect((await api('POST', '/v1/endpoints', { url })).status).toBe(201);
    }
  });

  it('the payload cap is configurable (1 KiB here)', async () => {
    const endpoint = await createEndpoint({ url: 'https://example.com/small' });
    const res = await call('/v1/task-runs', await freshKey(), { method: 'POST', body: JSON.stringify({ endpointId: endpoint.id, payload: 'x'.repeat(1100) }) });
    expect(res.status).toBe(413);
    expect(((await res.json()) as any).errors[0].field).toBe('payload');
  });
});
