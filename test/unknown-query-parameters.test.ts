// Unknown query parameters are a 400 naming the parameter, on every route that takes a query: a typo
// such as `endpointID=` must not silently list everything. The routes come from the served OpenAPI
// document, so a new route with a query is covered without a change here.
import { describe, expect, it } from 'vitest';
import { api } from './helpers/api';

interface Parameter { name: string; in: string; required?: boolean; schema?: { pattern?: string } }
type Document = { paths: Record<string, Record<string, { parameters?: Parameter[] }>> };

/** A value the parameter accepts, for the required ones (so the unknown one is the only problem). */
const validFor = (p: Parameter) => (p.name === 'confirm' ? `tn_${'0'.repeat(26)}` : '1');

async function routesWithQuery() {
  const doc = (await api<Document>('GET', '/openapi.json')).body;
  return Object.entries(doc.paths).flatMap(([path, methods]) =>
    Object.entries(methods)
      .filter(([, op]) => op.parameters?.some((p) => p.in === 'query'))
      .map(([method, op]) => {
        const query = new URLSearchParams(op.parameters!.filter((p) => p.in === 'query' && p.required).map((p): [string, string] => [p.name, validFor(p)]));
        return { method: method.toUpperCase(), path: path.replace(/\{\w+\}/g, 'x_unknown'), query };
      }),
  );
}

describe('unknown query parameters', () => {
  it('are refused with a 400 that names the parameter, on every route that takes a query', async () => {
    const routes = await routesWithQuery();
    // Lists, stats and DELETE /v1/tenants/{id}?confirm= among them.
    expect(routes.map((r) => `${r.method} ${r.path}`)).toEqual(expect.arrayContaining(['GET /v1/task-runs', 'GET /v1/endpoints/x_unknown/stats', 'DELETE /v1/tenants/x_unknown']));
    for (const r of routes) {
      r.query.set('bogusFilter', 'x');
      const res = await api(r.method, `${r.path}?${r.query}`);
      expect([r.method, r.path, res.status], JSON.stringify(res.body)).toEqual([r.method, r.path, 400]);
      expect(res.body.errors.map((e: { field: string }) => e.field)).toEqual(['bogusFilter']);
    }
  });

  it('a typo in a filter is refused instead of listing everything', async () => {
    const res = await api('GET', '/v1/task-runs?endpointID=ep_01&limit=5');
    expect(res.status).toBe(400);
    expect(res.body.errors).toEqual([{ field: 'endpointID', message: expect.any(String) }]);
    expect(res.body.detail).toContain('endpointID');
  });

  it('the known parameters still work together in one query', async () => {
    const res = await api('GET', '/v1/task-runs?endpointId=ep_01&status=success&limit=5');
    expect([res.status, res.body.data]).toEqual([200, []]);
  });
});
