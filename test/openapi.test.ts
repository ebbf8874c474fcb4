// The OpenAPI document: valid OpenAPI 3.1, lists every route the app serves, is served at
// /openapi.json, describes real answers truthfully, and renders at /docs from local files only.
import { readFile } from 'node:fs/promises';
import { runInNewContext } from 'node:vm';
import { Validator } from '@seriousme/openapi-schema-validator';
import { describe, expect, inject, it } from 'vitest';
import type { z } from 'zod';
import { createApp } from '../src/api/app';
import { buildOpenApiDocument } from '../src/api/openapi/document';
import * as responses from '../src/contracts/responses';
import * as tenantResponses from '../src/contracts/tenant-responses';
import type { ApiDeps } from '../src/api/api-deps';
import { api, runUntilFinal, waitFor } from './helpers/api';
import { createEndpoint } from './helpers/endpoints';
import { listRoutes } from './helpers/express-routes';
import { startReceiver } from './helpers/receiver';
import { apiSecurityFromConfig } from '../src/api/security/api-security';
import { loadConfig } from '../src/config';

const document = buildOpenApiDocument();

function documentedRoutes(doc: any): string[] {
  return Object.entries<Record<string, unknown>>(doc.paths)
    .flatMap(([path, item]) => Object.keys(item).map((method) => `${method.toUpperCase()} ${path.replace(/\{(\w+)\}/g, ':$1')}`))
    .sort();
}

/** Parses with the documented schema, and fails on any field the documentation does not name. */
function expectDocumented(schema: z.ZodObject, value: Record<string, unknown>) {
  const parsed = schema.safeParse(value);
  expect(parsed.error?.issues ?? []).toEqual([]);
  expect(Object.keys(value).filter((key) => !(key in schema.shape))).toEqual([]);
}

describe('the OpenAPI document', () => {
  it('is a valid OpenAPI 3.1 document whose $refs all resolve', async () => {
    const result = await new Validator().validate(document);
    expect(result.errors ?? []).toEqual([]);
    expect(result.valid).toBe(true);
    expect(document.openapi).toBe('3.1.0');
    // A $ref is a JSON pointer: a component, or a place inside one (`JsonValue/not`).
    const refs = [...JSON.stringify(document).matchAll(/"\$ref":"#\/components\/schemas\/([^"]+)"/g)].map((m) => m[1]);
    const resolve = (pointer: string) => pointer.split('/').reduce<any>((at, key) => at?.[key], document.components.schemas);
    expect(refs.filter((pointer) => resolve(pointer) === undefined)).toEqual([]);
  });

  it('lists every route the app serves, and no route it does not serve', () => {
    // The routes are read from the Express router itself; a route added without a registry entry
    // (src/api/openapi/operations.ts) shows up here by name.
    const served = listRoutes(createApp({} as ApiDeps, apiSecurityFromConfig(loadConfig({}))));
    const documented = documentedRoutes(document);
    expect(served.length).toBeGreaterThan(20);
    expect(served.filter((route) => !documented.includes(route)), 'served but missing from the OpenAPI registry').toEqual([]);
    expect(documented.filter((route) => !served.includes(route)), 'documented but not served').toEqual([]);
  });

  it('describes request bodies with the validation rules the API enforces', () => {
    const createEndpoint = document.components.schemas.CreateEndpointBody;
    // url, or a queue destination instead; HTTP-only fields never beside a destination.
    expect(createEndpoint.allOf).toContainEqual({ anyOf: [{ required: ['url'] }, { required: ['destination'] }] });
    expect(createEndpoint.allOf).toContainEqual({ not: { required: ['destination', 'url'] } });
    expect(createEndpoint.allOf).toContainEqual({ not: { required: ['headers', 'destination'] } });
    expect(createEndpoint.additionalProperties).toBe(false);
    expect(createEndpoint.properties.timeoutMs).toMatchObject({ type: 'integer', minimum: 100, maximum: 120000, default: 10000 });
    const list = document.paths['/v1/task-runs'].get.parameters.map((p: any) => `${p.name}:${p.in}`);
    expect(list).toEqual(['limit:query', 'cursor:query', 'endpointId:query', 'tenantId:query', 'status:query', 'orderingKey:query']);
    expect(document.paths['/v1/endpoints/{id}'].get.responses['404'].content['application/problem+json'].schema.$ref).toBe(
      '#/components/schemas/Problem',
    );
  });

  it('carries the rules JSON Schema can say: patterns, either-or fields, non-empty PATCH bodies, the request limits', () => {
    const s = document.components.schemas;
    expect(s.CreateScheduleBody.allOf).toEqual([{ oneOf: [{ required: ['cron'] }, { required: ['runAt'] }] }]);
    expect(s.CreateTaskRunBody.not).toEqual({ required: ['runAt', 'delayMs'] });
    for (const patch of ['UpdateEndpointBody', 'UpdateScheduleBody', 'UpdateRetryPolicyBody']) expect(s[patch].minProperties).toBe(1);
    expect(s.PublishEventBody.properties.type.pattern).toBe('^[A-Za-z0-9_-]+(\\.[A-Za-z0-9_-]+)*$');
    expect(new RegExp(s.CreateEndpointBody.properties.secret.pattern).test('whsec_' + Buffer.alloc(32).toString('base64'))).toBe(true);
    expect(s.CreateEndpointBody.properties.statusCodeOverrides.propertyNames.pattern).toBe('^(?:[1-5][0-9]{2}|[1-5]xx)$');
    expect(s.JsonValue.description).toMatch(/NUL/);
    expect(s.Problem.required).toEqual(['type', 'title', 'status', 'detail', 'instance', 'traceId']);
    expect(Object.keys(s.Problem.properties)).toEqual(['type', 'title', 'status', 'detail', 'instance', 'traceId', 'errors']);
    expect(s.Problem.properties.traceId.pattern).toBe('^[0-9a-f]{32}$');
    const replay = document.paths['/v1/dead-letters/replay'].post.responses;
    expect(Object.keys(replay)).toEqual(expect.arrayContaining(['200', '202', '400', '401', '413', '415', '429', '503']));
  });

  it('answers 405 with Allow for a method a path does not have, and OPTIONS with the same Allow', async () => {
    const res = await fetch(`${inject('apiUrl')}/v1/task-runs`, { method: 'DELETE', headers: { authorization: `Bearer ${inject('apiKey')}` } });
    expect(res.status).toBe(405);
    expect(res.headers.get('allow')).toBe('POST, GET, HEAD, OPTIONS');
    expect(res.headers.get('content-type')).toContain('application/problem+json');
    const options = await fetch(`${inject('apiUrl')}/v1/dead-letters/replay`, { method: 'OPTIONS' });
    expect(options.status).toBe(204);
    expect(options.headers.get('allow')).toBe('POST, OPTIONS');
    expect((await fetch(`${inject('apiUrl')}/v1/nothing-here`, { method: 'DELETE' })).status).toBe(401);
  });

  it('is served at GET /openapi.json', async () => {
    const res = await api('GET', '/openapi.json');
    expect(res.status).toBe(200);
    expect(res.contentType).toMatch(/^application\/json/);
    expect(res.body).toEqual(document);
  });

  it('describes the answers the API really gives (no field missing, none undocumented)', async () => {
    const receiver = await startReceiver();
    try {
      const created = await createEndpoint({ url: receiver.url });
      expectDocumented(responses.createdEndpointResponse, created);
      expectDocumented(responses.endpointResponse, (await api('GET', `/v1/endpoints/${created.id}`)).body);
      const run = (await api('POST', '/v1/task-runs', { endpointId: created.id, payload: { hello: 'docs' } })).body;
      expectDocumented(responses.taskRunResponse, run);
      expectDocumented(responses.taskRunResponse, await runUntilFinal(run.id));
      const attempts = (await api('GET', `/v1/task-runs/${run.id}/attempts`)).body;
      expect(attempts.data).toHaveLength(1);
      expectDocumented(responses.attemptResponse, attempts.data[0]);
      const tenant = (await api('POST', '/v1/tenants', { name: 'Documented' })).body;
      expectDocumented(tenantResponses.tenantResponse, tenant);
      expectDocumented(tenantResponses.deletedTenantResponse, (await api('DELETE', `/v1/tenants/${tenant.id}?confirm=${tenant.id}`)).body);
      expectDocumented(responses.endpointStatsResponse, (await api('GET', `/v1/endpoints/${created.id}/stats`)).body);
      expectDocumented(responses.endpointCredentialsResponse, (await api('GET', `/v1/endpoints/${created.id}/credentials`)).body);
      const audit = (await api('GET', `/v1/audit-events?resourceId=${created.id}`)).body;
      expect(audit.data.length).toBeGreaterThan(0);
      expectDocumented(responses.auditEventResponse, audit.data[0]);
      const schedule = (await api('POST', '/v1/schedules', { endpointId: created.id, cron: '0 0 1 1 *', payload: {}, paused: true })).body;
      expectDocumented(responses.scheduleResponse, schedule);
      expectDocumented(responses.endpointWithSchedulesResponse, (await api('POST', `/v1/endpoints/${created.id}/pause`)).body);
      expectDocumented(responses.deletedEndpointResponse, (await api('DELETE', `/v1/endpoints/${created.id}`)).body);
      expectDocumented(responses.problemResponse, (await api('GET', `/v1/endpoints/${created.id}`)).body);
      expectDocumented(responses.healthResponse, (await api('GET', '/healthz')).body);
      const event = await api('POST', '/v1/events', { type: 'docs.checked', payload: { ok: true } });
      expectDocumented(responses.eventResponse, event.body);
      expectDocumented(responses.eventResponse, (await api('GET', '/v1/events?type=docs.*')).body.data[0]);
      const subscribed = await createEndpoint({ url: receiver.url, eventTypes: ['docs.listed'] });
      const listed = (await api('POST', '/v1/events', { type: 'docs.listed', payload: {} })).body;
      const runs = await waitFor(() => api('GET', `/v1/events/${listed.id}/task-runs`), (r) => r.body.data.length === 1);
      expectDocumented(responses.eventTaskRunResponse, runs.body.data[0]);
      await api('DELETE', `/v1/endpoints/${subscribed.id}`);
    } finally {
      await receiver.close();
    }
  });
});

describe('the docs page at GET /docs', () => {
  it('is HTML that loads only files the API itself serves', async () => {
    const res = await fetch(`${inject('apiUrl')}/docs`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^text\/html/);
    const html = await res.text();
    const sources = [...html.matchAll(/(?:src|href)="([^"]+)"/g)].map((m) => m[1]);
    expect(sources.filter((s) => !s.startsWith('/'))).toEqual([]);
    for (const source of sources) {
      const asset = await fetch(inject('apiUrl') + source);
      expect(asset.status, source).toBe(200);
    }
    const script = await fetch(`${inject('apiUrl')}/docs/assets/docs.js`);
    expect(script.headers.get('content-type')).toMatch(/javascript/);
  });

  it("renders a section per operation from the document (run against a minimal DOM)", async () => {
    const byId = new Map<string, FakeNode>();
    const main = new FakeNode('main', byId);
    const nav = new FakeNode('nav', byId);
    const status = new FakeNode('p', byId);
    byId.set('main', main).set('nav', nav).set('status', status);
    const fakeDocument = { getElementById: (id: string) => byId.get(id) ?? null, createElement: (tag: string) => new FakeNode(tag, byId) };
    const fetchDocument = async (url: string) => fetch(inject('apiUrl') + url);
    const script = await readFile(new URL('../src/api/docs-page/docs.js', import.meta.url), 'utf8');
    await runInNewContext(script, { document: fakeDocument, fetch: fetchDocument, location: { hash: '' } });
    await new Promise((resolve) => setTimeout(resolve, 200)); // the script's own awaits
    const sections = main.findAll((n) => n.tag === 'section');
    const operationCount = Object.values<Record<string, unknown>>(document.paths).reduce((n, item) => n + Object.keys(item).length, 0);
    expect(sections).toHaveLength(operationCount);
    const createSection = sections.find((s) => s.text().includes('Create an endpoint'))!;
    expect(createSection.text()).toContain('POST/v1/endpoints');
    expect(createSection.text()).toContain('timeoutMs');
    expect(nav.findAll((n) => n.tag === 'a').length).toBe(operationCount);
  });
});

/** Just enough DOM for docs.js: elements, attributes, text, append, remove. */
class FakeNode {
  children: (FakeNode | string)[] = [];
  attributes: Record<string, string> = {};
  parent?: FakeNode;
  constructor(
    readonly tag: string,
    private readonly byId: Map<string, FakeNode>,
  ) {}
  setAttribute(name: string, value: string) {
    this.attributes[name] = value;
    if (name === 'id') this.byId.set(value, this);
  }
  append(...nodes: (FakeNode | string)[]) {
    for (const node of nodes) {
      if (node instanceof FakeNode) node.parent = this;
      this.children.push(node instanceof FakeNode ? node : String(node));
    }
  }
  remove() {
    if (this.parent) this.parent.children = this.parent.children.filter((c) => c !== this);
  }
  set textContent(value: string) {
    this.children = [value];
  }
  scrollIntoView() {}
  text(): string {
    return this.children.map((c) => (typeof c === 'string' ? c : c.text())).join('');
  }
  findAll(match: (n: FakeNode) => boolean): FakeNode[] {
    return this.children.flatMap((c) => (typeof c === 'string' ? [] : [...(match(c) ? [c] : []), ...c.findAll(match)]));
  }
}
