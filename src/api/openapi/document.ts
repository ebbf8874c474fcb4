// Builds the OpenAPI 3.1 document from the operation registry: zod → JSON Schema (draft 2020-12,
// which OpenAPI 3.1 uses as is) with z.toJSONSchema, every body and answer a named component.
import { z } from 'zod';
import type { ApiOperation } from './operation';
import { namedSchemas, operations as allOperations } from './operations';

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
  for (const [id, schema] of Object.entries(named)) components[id] = stripMeta(schema);
  for (const [def, schema] of Object.entries<Json>(shared?.$defs ?? {})) components[`Shared${pascal(def)}`] = schema;
  const sharedRef = new RegExp(`${COMPONENT}__shared#/\\$defs/(\\w+)`, 'g');
  const rewritten: Json = JSON.parse(JSON.stringify(components).replace(sharedRef, (_m, def: string) => `${COMPONENT}Shared${pascal(def)}`));
  return { components: rewritten, ref: (schema: z.ZodType) => ({ $ref: COMPONENT + nameOf.get(schema)! }) };
}

function queryParameters(query: z.ZodObject[] = []): Json[] {
  return query.flatMap((schema) => {
    const json = z.toJSONSchema(schema, { io: 'input', unrepresentable: 'any' }) as Json;
    const required = new Set<string>(json.required ?? []);
    return Object.entries<Json>(json.properties ?? {}).map(([name, property]) => ({
      name,
      in: 'query',
      required: required.has(name),
      ...(property.description ? { description: property.description } : {}),
      schema: property,
    }));
  });
}

const problem = (description: string) => ({
  description,
  content: { 'application/problem+json': { schema: { $ref: `${COMPONENT}Problem` } } },
});

/** 429 always says when to come back. */
const tooManyRequests = () => ({
  ...problem(ERROR_TEXT[429]),
  headers: { 'Retry-After': { description: 'Seconds to wait before retrying.', schema: { type: 'integer', minimum: 1 } } },
});

const ERROR_TEXT: Record<number, string> = {
  400: 'Invalid input: `errors[]` names each offending field.',
  401: 'Missing or unknown API key. After AUTH_FAILURE_LIMIT_PER_MINUTE failures from one address, that address gets 429 instead, before any key is checked.',
  404: 'No such resource.',
  409: 'Conflicts with the resource state (e.g. the endpoint is paused).',
  429: "Too many requests for this API key (RATE_LIMIT_PER_SECOND, shared by every API process), or too many failed authentications from this address; honour Retry-After.",
  503: 'A dependency (Temporal, PostgreSQL) is unavailable; retry later.',
  500: 'Unexpected error; it has been logged.',
};

function operationObject(op: ApiOperation, ref: (s: z.ZodType) => Json): Json {
  const pathParams = [...op.path.matchAll(/:(\w+)/g)].map(([, name]) => ({ name, in: 'path', required: true, schema: { type: 'string' } }));
  const headerParams = (op.headers ?? []).map((h) => ({ name: h.name, in: 'header', required: !!h.required, description: h.description, schema: { type: 'string' } }));
  const { response } = op;
  const success: Json = { description: response.description };
  if (response.schema) success.content = { [response.contentType ?? 'application/json']: { schema: ref(response.schema) } };
  else if (response.contentType) success.content = { [response.contentType]: {} };
  const responses: Json = { [String(response.status)]: success };
  // 400 wherever input is read: a query string, or a JSON body (even a malformed empty one on POST/PATCH).
  const readsInput = !op.public && (op.query || op.method !== 'get');
  const secured = !op.public && V1_REQUIRES_API_KEY;
  const errorStatuses = new Set([...(readsInput ? [400] : []), ...(op.errors ?? []), ...(secured ? [401, 429] : []), 500]);
  for (const status of [...errorStatuses].sort()) {
    if (!responses[status]) responses[status] = status === 429 ? tooManyRequests() : problem(ERROR_TEXT[status] ?? 'Error.');
  }
  return {
    operationId: op.operationId,
    tags: [op.tag],
    summary: op.summary,
    ...(op.description ? { description: op.description } : {}),
    ...(pathParams.length || op.query || headerParams.length ? { parameters: [...pathParams, ...headerParams, ...queryParameters(op.query)] } : {}),
    ...(op.body
      ? { requestBody: { required: op.bodyRequired ?? true, content: { 'application/json': { schema: ref(op.body) } } } }
      : {}),
    responses,
    ...(op.public ? { security: [] } : {}),
  };
}

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
      description:
        'Webhook delivery on Temporal: endpoints, task runs, schedules. Errors are RFC 9457 problem+json; lists are cursor-paginated `{ data, nextCursor }`, newest first.',
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
