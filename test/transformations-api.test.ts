// The transformation API: the endpoint field (create, PATCH, null removes it), the syntax check (400
// naming transformation.code with line and column), the 64 Ki limit, the last 20 versions with who
// changed them (full scope), the audit entry, and the test call's 200 and 422 answers.
import { describe, expect, it } from 'vitest';
import { MASK } from '../src/domain/node/endpoint-credentials';
import { api } from './helpers/api';
import { createEndpoint } from './helpers/endpoints';

const RESHAPE = `function handler(w) {
  console.log('reshaping', w.eventType);
  w.payload = { kind: w.eventType, data: w.payload };
  w.headers['x-shape'] = 'v2';
  return w;
}`;
const URL_BASE = 'https://receiver.example/hooks';

describe('an endpoint transformation', () => {
  it('is set on create, summarised in answers, readable with full scope only, versioned and audited', async () => {
    const ep = await createEndpoint({ url: URL_BASE, transformation: { code: RESHAPE } });
    expect(ep).toMatchObject({ transformation: { enabled: true, codeBytes: Buffer.byteLength(RESHAPE) } });
    expect((await api('GET', `/v1/endpoints/${ep.id}`)).body.transformation).toEqual({ enabled: true, codeBytes: Buffer.byteLength(RESHAPE) });

    const patched = await api('PATCH', `/v1/endpoints/${ep.id}`, { transformation: { code: 'function handler(w) { return w }', enabled: false } });
    expect(patched.status).toBe(200);
    expect(patched.body.transformation).toMatchObject({ enabled: false });
    const removed = await api('PATCH', `/v1/endpoints/${ep.id}`, { transformation: null });
    expect(removed.body.transformation).toBeNull();

    const read = await api('GET', `/v1/endpoints/${ep.id}/transformation`);
    expect(read.status).toBe(200);
    expect(read.body.transformation).toBeNull();
    expect(read.body.versions.map((v: any) => [v.code, v.enabled])).toEqual([[null, false], ['function handler(w) { return w }', false], [RESHAPE, true]]);
    expect(read.body.versions[0]).toMatchObject({ id: expect.stringMatching(/^trv_/), changedBy: { keyId: expect.any(String), name: expect.any(String) }, changedAt: expect.any(String) });

    const readKey = (await api('POST', '/v1/api-keys', { name: 'transformations read', scope: 'read' })).body.key as string;
    expect((await api('GET', `/v1/endpoints/${ep.id}/transformation`, undefined, readKey)).status).toBe(403);
    expect((await api('GET', `/v1/endpoints/${ep.id}`, undefined, readKey)).status).toBe(200);

    const audit = await api('GET', `/v1/audit-events?resourceId=${ep.id}`);
    expect(audit.body.data.filter((a: any) => a.action === 'endpoint.update').map((a: any) => a.changedFields)).toContainEqual(['transformation']);
  });

  it('keeps the last 20 versions', async () => {
    const ep = await createEndpoint({ url: URL_BASE });
    for (let i = 1; i <= 22; i++) {
      expect((await api('PATCH', `/v1/endpoints/${ep.id}`, { transformation: { code: `function handler(w) { return w } // v${i}` } })).status).toBe(200);
    }
    const { versions } = (await api('GET', `/v1/endpoints/${ep.id}/transformation`)).body;
    expect(versions).toHaveLength(20);
    expect(versions[0].code).toContain('// v22');
    expect(versions[19].code).toContain('// v3');
  });

  it('refuses a syntax error with 400 naming transformation.code, with line and column', async () => {
    const res = await api('POST', '/v1/endpoints', { url: URL_BASE, transformation: { code: 'function handler(w) {\n  return w +* 1\n}' } });
    expect(res.status).toBe(400);
    expect(res.body.errors).toEqual([{ field: 'transformation.code', message: expect.stringMatching(/^SyntaxError: .* at line 2, column \d+$/) }]);
    const ep = await createEndpoint({ url: URL_BASE });
    const patch = await api('PATCH', `/v1/endpoints/${ep.id}`, { transformation: { code: 'function handler(w) {' } });
    expect(patch.status).toBe(400);
    expect(patch.body.errors[0].field).toBe('transformation.code');
  });

  it('refuses code over 64 Ki characters', async () => {
    const res = await api('POST', '/v1/endpoints', { url: URL_BASE, transformation: { code: `function handler(w) { return w }\n//${'x'.repeat(65536)}` } });
    expect(res.status).toBe(400);
    expect(res.body.errors[0].field).toBe('transformation.code');
  });
});

describe('POST /v1/transformations/test', () => {
  const webhook = { method: 'POST', url: URL_BASE, headers: { 'x-team': 'a' }, payload: { id: 1 }, eventType: 'order.paid' };

  it('runs given code on a given webhook: result, duration and logs', async () => {
    const res = await api('POST', '/v1/transformations/test', { code: RESHAPE, webhook });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({
      result: { method: 'POST', url: URL_BASE, headers: { 'x-team': 'a', 'x-shape': 'v2' }, payload: { kind: 'order.paid', data: { id: 1 } }, cancel: false },
      durationMs: expect.any(Number),
      logs: ['reshaping order.paid'],
    });
    const cancel = await api('POST', '/v1/transformations/test', { code: 'function handler(w) { return { cancel: true } }', webhook });
    expect(cancel.body.result.cancel).toBe(true);
  });

  it("runs an endpoint's own code on a payload, with its secrets masked", async () => {
    const ep = await createEndpoint({
      url: 'https://user:pw-secret-1@receiver.example/hooks?token=tok-secret-2',
      headers: { Authorization: 'Bearer hdr-secret-3' },
      transformation: { code: 'function handler(w) { console.log(JSON.stringify(w)); return w }' },
    });
    const res = await api('POST', '/v1/transformations/test', { endpointId: ep.id, payload: { a: 1 }, eventType: 'x.y' });
    expect(res.status).toBe(200);
    expect(res.body.result).toMatchObject({ headers: { Authorization: MASK }, payload: { a: 1 } });
    const text = JSON.stringify(res.body);
    for (const secret of ['pw-secret-1', 'tok-secret-2', 'hdr-secret-3']) expect(text).not.toContain(secret);

    const none = await createEndpoint({ url: URL_BASE });
    const refused = await api('POST', '/v1/transformations/test', { endpointId: none.id, payload: {} });
    expect(refused.status).toBe(409);
    expect(refused.body.errors[0].field).toBe('endpointId');
  });

  it('answers 422 naming the error: syntax, throw, time, memory, host access, invalid result', async () => {
    const cases: Array<[string, RegExp]> = [
      ['function handler(w) {\n  return w +* 1\n}', /^code: SyntaxError: .*\(line 2, column \d+\)$/],
      ['function handler(w) {\n\n  throw new Error("nope")\n}', /^code: Error: nope \(line 3/],
      ['function handler(w) { while (true) {} }', /time limit/],
      ['function handler(w) { w.payload = new Uint8Array(1024 * 1024 * 1024); return w }', /memory limit/],
      ["function handler(w) { require('fs'); return w }", /ReferenceError: 'require' is not defined/],
      ['function handler(w) { process.exit(1) }', /ReferenceError: 'process' is not defined/],
      ["function handler(w) { fetch('http://127.0.0.1/') }", /ReferenceError: 'fetch' is not defined/],
      ["function handler(w) { w.headers['webhook-id'] = 'x'; return w }", /^result: .*result\.headers\.webhook-id/],
    ];
    for (const [code, detail] of cases) {
      const res = await api('POST', '/v1/transformations/test', { code, webhook });
      expect(res.status, code).toBe(422);
      expect(res.contentType).toContain('application/problem+json');
      expect(res.body.detail, code).toMatch(detail);
    }
    // The API kept answering meanwhile, and still does.
    expect((await api('GET', '/v1/endpoints?limit=1')).status).toBe(200);
  });

  it('refuses a malformed body with 400', async () => {
    expect((await api('POST', '/v1/transformations/test', { code: 'function handler(w) { return w }' })).status).toBe(400);
    expect((await api('POST', '/v1/transformations/test', { code: 'x', webhook: { ...webhook, url: 'ftp://x' } })).status).toBe(400);
  });
});
