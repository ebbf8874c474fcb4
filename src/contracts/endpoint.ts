// What a client may send to create or change an endpoint.
import { z } from 'zod';
import { SIGNING_SECRET } from '../domain/node/signing';
import { idFilter, listQuery } from './common';
import { nonEmpty, noPairTogether } from './cross-field';
import { destination } from './destinations';
import { eventFilter, eventTypePatterns } from './subscription';
import { statusCodeOverrides } from './status-overrides';
import { tenantIdField } from './tenant';
import { url } from './url';
import { transformationField } from './transformation-field';

export const HTTP_METHODS = ['POST', 'PUT', 'PATCH', 'GET', 'DELETE'] as const;

// Headers EdgeCron sets itself; letting users override them would break signing or HTTP framing.
export const RESERVED_HEADERS = new Set(['host', 'content-length', 'content-type', 'transfer-encoding', 'connection', 'traceparent']);

const headerName = z.string().regex(/^[!#$%&'*+.^_`|~0-9A-Za-z-]{1,256}$/, 'not a valid HTTP header name');
const headerValue = z.string().max(4096).regex(/^[^\r\n\u0000]*$/, 'must not contain CR, LF or NUL');

export const headers = z
  .record(headerName, headerValue)
  .refine((h) => Object.keys(h).length <= 50, 'at most 50 headers')
  .superRefine((h, ctx) => {
    for (const name of Object.keys(h)) {
      const lower = name.toLowerCase();
      if (RESERVED_HEADERS.has(lower) || lower.startsWith('webhook-')) {
        ctx.addIssue({ code: 'custom', path: [name], message: 'is set by EdgeCron and cannot be overridden' });
      }
    }
  });

export const ORDERING_MODES = ['none', 'key'] as const;
export const DEAD_LETTER_HANDLING = ['block', 'skip'] as const;

// Flow control (src/domain/flow-limits.ts): per endpoint, across every worker.
const maxConcurrency = z.number().int().min(1).max(1000).describe('Calls in flight to this endpoint at once, across all workers; null = the worker fair share only.');
const rateLimitPerSecond = z
  .number()
  .int()
  .min(1)
  .max(10_000)
  .describe("Calls started per second to this endpoint across all workers (burst: one second's worth). Not the API's RATE_LIMIT_PER_SECOND.");
const flowControlKey = z
  .string()
  .regex(/^[A-Za-z0-9._:-]{1,128}$/, 'letters, digits, . _ : - (at most 128)')
  .describe('Endpoints with the same key share one set of limits (e.g. one receiver host).');

const circuitBreaker = z
  .strictObject({
    consecutiveFailures: z.number().int().min(1).max(10_000).default(20),
    probeIntervalMs: z.number().int().min(1000).max(86_400_000).default(30_000),
  })
  .describe('Opens after this many consecutive failed calls; while open, one probe call per interval. null turns it off.');

const signingSecret = z.string().regex(SIGNING_SECRET, 'must be whsec_ followed by base64 of 24 to 64 bytes');

/** Days this endpoint's finished runs keep payloads and response bodies; unset = RETENTION_PAYLOAD_DAYS. */
const payloadRetentionDays = z.number().int().min(1).max(3650).optional();

export { url };

/** Fields that only mean something for an HTTP call: refused beside a destination (400 naming the field; 409 in a PATCH to a queue endpoint). */
export const HTTP_ONLY_FIELDS = ['method', 'headers', 'statusCodeOverrides'] as const;

/**
 * Fields a body may not carry together, in the route and in the document: url and destination (the
 * destination's fault), and each HTTP-only field beside a destination (that field's).
 */
const NOT_TOGETHER: Array<[string, string, string]> = [
  ['destination', 'url', 'an endpoint has either url or destination, never both'],
  ...HTTP_ONLY_FIELDS.map((field): [string, string, string] => [field, 'destination', 'is for HTTP endpoints only; an endpoint with a destination has none']),
];

const createFields = z.strictObject({
  url: url.optional().describe('Where to send (HTTP). Either this or `destination`.'),
  destination: destination.optional().describe('A queue to send to instead of a URL (SQS, Kafka). Either this or `url`.'),
  method: z.enum(HTTP_METHODS).optional().meta({ default: 'POST' }),
  headers: headers.optional().meta({ default: {} }),
  timeoutMs: z.number().int().min(100).max(120_000).default(10_000),
  secret: signingSecret.optional(),
  description: z.string().max(1000).optional(),
  retryPolicyId: idFilter.optional(),
  eventTypes: eventTypePatterns.default([]),
  eventFilter: eventFilter.optional(),
  statusCodeOverrides: statusCodeOverrides.optional(),
  ordering: z.enum(ORDERING_MODES).default('none'),
  onDeadLetter: z.enum(DEAD_LETTER_HANDLING).default('block'),
  /** The tenant it belongs to; a tenant key's endpoints are its tenant's whatever this says. */
  tenantId: tenantIdField.optional(),
  maxConcurrency: maxConcurrency.optional(),
  rateLimitPerSecond: rateLimitPerSecond.optional(),
  flowControlKey: flowControlKey.optional(),
  circuitBreaker: circuitBreaker.nullable().optional(),
  payloadRetentionDays,
  transformation: transformationField.nullable().optional(),
});

/** Exactly one of url and destination: both is the destination's fault, neither the url's. */
// Its anyOf inside the allOf, not beside it: a top-level anyOf makes generators (openapi-python-client) type the body Any.
export const createEndpointBody = noPairTogether(createFields, NOT_TOGETHER, [{ anyOf: [{ required: ['url'] }, { required: ['destination'] }] }])
  .refine((b) => b.url !== undefined || b.destination !== undefined, { message: 'is required unless destination is given', path: ['url'] });

const updateFields = nonEmpty(
  z.strictObject({
    url: url.optional().describe('Sent to an endpoint with a destination, it becomes an HTTP endpoint.'),
    destination: destination.optional().describe('Sent to an HTTP endpoint, it becomes a queue endpoint (its method, headers and overrides are cleared).'),
    method: z.enum(HTTP_METHODS).optional(),
    headers: headers.optional(),
    timeoutMs: z.number().int().min(100).max(120_000).optional(),
    description: z.string().max(1000).nullable().optional(),
    retryPolicyId: idFilter.nullable().optional(),
    eventTypes: eventTypePatterns.optional(),
    eventFilter: eventFilter.nullable().optional(),
    statusCodeOverrides: statusCodeOverrides.optional(),
    ordering: z.enum(ORDERING_MODES).optional(),
    onDeadLetter: z.enum(DEAD_LETTER_HANDLING).optional(),
    maxConcurrency: maxConcurrency.nullable().optional(),
    rateLimitPerSecond: rateLimitPerSecond.nullable().optional(),
    flowControlKey: flowControlKey.nullable().optional(),
    circuitBreaker: circuitBreaker.nullable().optional(),
    payloadRetentionDays: payloadRetentionDays.nullable(),
    transformation: transformationField.nullable().optional(),
  }),
);

/** Both url and destination in one PATCH is the destination's fault; HTTP-only fields beside a destination, theirs. */
export const updateEndpointBody = noPairTogether(updateFields, NOT_TOGETHER);

const WEEK_SECONDS = 7 * 24 * 3600;

/** A new secret (generated if absent); the old one keeps signing for `gracePeriodSeconds` (default 24 h). */
export const rotateSecretBody = z.strictObject({
  secret: signingSecret.optional(),
  gracePeriodSeconds: z.number().int().min(0).max(WEEK_SECONDS).default(24 * 3600),
});

export const listEndpointsQuery = listQuery({
  status: z.enum(['active', 'paused', 'disabled']).optional(),
  tenantId: tenantIdField.optional(),
});

export const endpointStatsQuery = z.strictObject({
  windowMinutes: z.coerce.number().int().min(1).max(30 * 24 * 60).default(60),
});

export type CreateEndpointBody = z.infer<typeof createEndpointBody>;
export type UpdateEndpointBody = z.infer<typeof updateEndpointBody>;
export type RotateSecretBody = z.infer<typeof rotateSecretBody>;
