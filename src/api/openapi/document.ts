// Builds the OpenAPI 3.1 document from the operation registry: zod → JSON Schema (draft 2020-12,
// which OpenAPI 3.1 uses as is) with z.toJSONSchema, every body and answer a named component.
import { z } from 'zod';
import type { ApiOperation } from './operation';
import { namedSchemas, operations as allOperations } from './operations';
import { EVENT_FILTER_COMPONENTS } from '../../contracts/event-filter-schema';
import { NO_NUL, withRequestLimits } from './request-limits-schema';

type Json = Record<string, any>;

const COMPONENT = '#/components/schemas/';

/** Flip to true when Bearer API keys (and their rate limit) guard /v1; the scheme is always described. */
export const V1_REQUIRES_API_KEY = true;

const pascal = (s: string) => s.charAt(0).toUpperCase() + s.slice(1);

/** `/v1/endpoints/:id` → `/v1/endpoints/{id}`. */
export const openApiPath = (expressPath: string) => expressPath.replace(/:(\w+)/g, '{$1}');

function stripMeta(schema: Json): Json {
  const { $schema: _s, $id: _i, ...rest } = schema;
  return rest;
}

/** Every body and answer schema becomes one component; zod emits `$ref`s between them. */
function buildComponents(ops: ApiOperation[]) {
  const registry = z.registry<{ id: string }>();
  const nameOf = new Map<z.ZodType, string>();
  const name = (schema: z.ZodType, fallback: string) => {
    if (!nameOf.has(schema)) {
      nameOf.set(schema, fallback);
      registry.add(schema, { id: fallback });
    }
    return nameOf.get(schema)!;
  };
  for (const [id, schema] of Object.entries(namedSchemas)) name(schema, id);
  for (const op of ops) {
    if (op.body) name(op.body, `${pascal(op.operationId)}Body`);
    if (op.response.schema) name(op.response.schema, `${pascal(op.operationId)}Response`);
  }
  const { schemas } = z.toJSONSchema(registry, { io: 'input', unrepresentable: 'any', uri: (id) => COMPONENT + id });
  // Sub-schemas used by several components but registered under no name land in zod's `__shared`
  // entry; give each a component of its own and point the references there.
  const { __shared: shared, ...named } = schemas as Record<string, Json>;
  const components: Json = {};
  // Request bodies and what they share carry the limits every request is held to.
  const requestSide = (id: string) => id.endsWith('Body') || id === 'JsonValue';
  for (const [id, schema] of Object.entries(named)) components[id] = requestSide(id) ? withRequestLimits(stripMeta(schema)) : stripMeta(schema);
  for (const [def, schema] of Object.entries<Json>(shared?.$defs ?? {})) components[`Shared${pascal(def)}`] = withRequestLimits(schema);
  Object.assign(components, withRequestLimits(EVENT_FILTER_COMPONENTS));
  const sharedRef = new RegExp(`${COMPONENT}__shared#/\\$defs/(\\w+)`, 'g');
  const rewritten: Json = JSON.parse(JSON.stringify(components).replace(sharedRef, (_m, def: string) => `${COMPONENT}Shared${pascal(def)}`));
  // zod spells "any JSON value" as a recursive union, which client generators cannot follow (openapi-python-client
  // drops every schema that reaches it): say it as the schema that accepts any JSON, with its limits in words.
  for (const [id, schema] of Object.entries<Json>(rewritten)) {
    if (isRecursiveJsonUnion(id, schema)) rewritten[id] = anyJson(id);
  }
  return { components: rewritten, ref: (schema: z.ZodType) => ({ $ref: COMPONENT + nameOf.get(schema)! }) };
}

/**
 * Any JSON value except one holding, anywhere in it, a NUL in a string or key, or a `__proto__` key (the
 * request limits). Said with `not` and pointers into itself rather than zod's recursive union, which
 * client generators cannot follow (openapi-python-client drops every schema that reaches one); they
 * read this as "any value", validators and schemathesis as exactly the rule.
 */
function anyJson(id: string): Json {
  const self = `${COMPONENT}${id}/not`;
  return {
    description:
      'Any JSON value, except that no string and no key anywhere in it may contain NUL (U+0000) and no key may be `__proto__` (400); a webhook `payload` is at most PAYLOAD_LIMIT_BYTES of JSON (413).',
    not: {
      anyOf: [
        { type: 'string', pattern: '\\u0000' },
        { type: 'object', not: { propertyNames: { pattern: NO_NUL, not: { const: '__proto__' } } } },
        { type: 'object', not: { additionalProperties: { not: { $ref: self } } } },
        { type: 'array', contains: { $ref: self } },
      ],
    },
  };
}

/** z.json() as JSON Schema: anyOf string, number, boolean, null, an array of itself, an object of itself. */
function isRecursiveJsonUnion(id: string, schema: Json): boolean {
  const self = COMPONENT + id;
  const branches: Json[] = schema.anyOf ?? [];
  return branches.length === 6 && branches[4]?.items?.$ref === self && branches[5]?.additionalProperties?.$ref === self;
}

function parameters(where: 'query' | 'header', schemas: z.ZodObject[] = []): Json[] {
  return schemas.flatMap((schema) => {
    const json = z.toJSONSchema(schema, { io: 'input', unrepresentable: 'any' }) as Json;
    const required = new Set<string>(json.required ?? []);
    return Object.entries<Json>(json.properties ?? {}).map(([name, property]) => ({
      name,
      in: where,
      required: required.has(name),
      ...(property.description ? { description: property.description } : {}),
      schema: withRequestLimits(property),
    }));
  });
}

const RETRY_AFTER = { 'Retry-After': { description: 'Seconds to wait before retrying.', schema: { type: 'integer', minimum: 1 } } };

const problem = (status: number, description: string) => ({
  description,
  ...(status === 429 || status === 503 ? { headers: RETRY_AFTER } : {}),
  content: { 'application/problem+json': { schema: { $ref: `${COMPONENT}Problem` } } },
});

const ERROR_TEXT: Record<number, string> = {
  400: 'Invalid input: `errors[]` names each offending field (also: a NUL character anywhere in the URL or body, a `__proto__` key, a body nested deeper than the depth limit, malformed JSON).',
  401: 'Missing or unknown API key. After AUTH_FAILURE_LIMIT_PER_MINUTE failures from one address, that address gets 429 instead, before any key is checked.',
  403: 'Refused by policy: the API key\'s scope does not allow this call, or (endpoints) the URL is an internal address not in DELIVERY_ALLOW_LIST.',
  404: 'No such resource: the id in the path, or one a body field names (`errors[]` names that field).',
  409: 'Conflicts with the current state: the resource\'s (e.g. the endpoint is paused, or the change clashes with stored fields) or the clock\'s (a time that has already passed); `errors[]` names the field when one is to blame.',
  413: 'The body is larger than the API reads, or its `payload` larger than the payload limit.',
  414: 'The request URL is longer than the API reads.',
  422: 'Well-formed but unprocessable: `detail` names the rule or path (a payload the event type catalog\'s schema refuses).',
  415: 'The body\'s charset is not one the API reads (send UTF-8 JSON).',
  429: 'Too many requests for this API key (RATE_LIMIT_PER_SECOND, shared by every API process), or too many failed authentications from this address; honour Retry-After.',
  503: 'A dependency (PostgreSQL, Temporal) is unavailable; nothing was changed; retry after Retry-After when given.',
  500: 'Unexpected error; it has been logged.',
};

/** Path parameters are ids; anything else is simply not found. */
const PATH_ID = { type: 'string', pattern: '^[0-9a-z_]{1,64}$' };

/** Every status an operation can answer besides its successes: its own, and those of every route of its kind. */
function errorStatuses(op: ApiOperation): number[] {
  const v1 = op.path.startsWith('/v1/');
  const readsBody = v1 && op.method !== 'get';
  const statuses = [
    ...(v1 && (op.query || readsBody) ? [400] : []),
    ...(v1 && V1_REQUIRES_API_KEY ? [401, 429] : []),
    ...(op.path.includes(':') ? [404] : []),
    ...(readsBody ? [413, 415] : []),
    ...(v1 ? [503] : []),
    ...(op.errors ?? []),
    414,
    500,
  ];
  return [...new Set(statuses)].sort();
}

function operationObject(op: ApiOperation, ref: (s: z.ZodType) => Json): Json {
  const pathParams = [...op.path.matchAll(/:(\w+)/g)].map(([, name]) => ({ name, in: 'path', required: true, schema: PATH_ID }));
  const headerParams = parameters('header', op.headers ? [op.headers] : []);
  const { response } = op;
  const success: Json = { description: response.description };
  if (response.schema) success.content = { [response.contentType ?? 'application/json']: { schema: ref(response.schema) } };
  else if (response.contentType) success.content = { [response.contentType]: {} };
  const responses: Json = { [String(response.status)]: success };
  for (const also of op.alsoAnswers ?? []) responses[also.status] = { ...success, description: also.description };
  for (const status of errorStatuses(op)) {
    const own = op.errorBodies?.[status];
    responses[status] = own
      ? { description: own.description, content: { 'application/json': { schema: ref(own.schema) } } }
      : problem(status, op.errorTexts?.[status] ?? ERROR_TEXT[status] ?? 'Error.');
  }
  return {
    operationId: op.operationId,
    tags: [op.tag],
    summary: op.summary,
    ...(op.description ? { description: op.description } : {}),
    ...(pathParams.length || op.query || headerParams.length ? { parameters: [...pathParams, ...headerParams, ...parameters('query', op.query)] } : {}),
    ...(op.body
      ? { requestBody: { required: op.bodyRequired ?? true, content: { 'application/json': { schema: ref(op.body) } } } }
      : op.rawBody ? { requestBody: { required: true, content: { '*/*': { schema: {} } } } } : {}),
    responses,
    ...(op.public ? { security: [] } : {}),
  };
}

const DESCRIPTION = [
  'Webhook delivery on Temporal: endpoints, task runs, schedules, events, dead letters. Errors are RFC 9457 problem+json (the `Problem` schema);',
  'lists are cursor-paginated `{ data, nextCursor }`, newest first. A method a path does not have answers 405 with `Allow`.',
  '',
  '**What a receiver gets.** Every delivery is an HTTP call with Standard Webhooks headers (`webhook-id`, the same across',
  'retries of one run; `webhook-timestamp`; `webhook-signature`). Its JSON body depends on the run\'s `trigger`:',
  '- `api` (POST /v1/task-runs) and `schedule` (each fire): the run\'s `payload`, exactly as given;',
  '- `event` (POST /v1/events): an envelope `{ "type": <event type>, "timestamp": <ISO-8601 time it was accepted>, "data": <the event\'s payload> }`;',
  '- `replay` (a replayed dead letter): the very body the replayed run delivered (payload or envelope), with the same `webhook-id`.',
  '',
  '**Limits on every request** (400 unless said): no NUL character anywhere in the URL or a JSON body; no `__proto__` key;',
  'a body nested at most JSON_DEPTH_LIMIT levels (32 by default); a body of at most API_BODY_LIMIT_BYTES (413); a webhook',
  '`payload` of at most PAYLOAD_LIMIT_BYTES of JSON (413); a URL of at most the URL limit (414).',
].join('\n');

export function buildOpenApiDocument(ops: ApiOperation[] = allOperations, version = '0.1.0'): Json {
  const { components, ref } = buildComponents(ops);
  const paths: Json = {};
  for (const op of ops) {
    const path = openApiPath(op.path);
    paths[path] ??= {};
    if (paths[path][op.method]) throw new Error(`OpenAPI registry lists ${op.method.toUpperCase()} ${op.path} twice`);
    paths[path][op.method] = operationObject(op, ref);
  }
  return {
    openapi: '3.1.0',
    info: {
      title: 'EdgeCron API',
      version,
      description: DESCRIPTION,
    },
    servers: [{ url: '/' }],
    tags: [...new Set(ops.map((o) => o.tag))].map((name) => ({ name })),
    paths,
    components: {
      schemas: components,
      securitySchemes: { apiKey: { type: 'http', scheme: 'bearer', description: 'An EdgeCron API key: `Authorization: Bearer <key>`.' } },
    },
    ...(V1_REQUIRES_API_KEY ? { security: [{ apiKey: [] }] } : {}),
  };
}
