// What the API answers, as zod schemas, for the OpenAPI document only (the routes do not parse their
// own output). test/openapi.test.ts checks real answers against them so they cannot drift.
import { z } from 'zod';
import { transformationSummaryResponse } from './transformation-responses';
import { jsonPayload } from './common';
import { destination } from './destinations';
import { HTTP_METHODS } from './endpoint';
import { OVERLAP_POLICIES } from './schedule';
import { TASK_RUN_STATUSES } from './task-run';
import { tenantIdResponse } from './tenant-responses';

const time = z.iso.datetime();
const nullableTime = time.nullable();

/** `{ data, nextCursor }`: pass nextCursor back as `cursor` for the next (older) page; null on the last. */
export const pageOf = <T extends z.ZodType>(item: T) => z.object({ data: z.array(item), nextCursor: z.string().nullable() });

/** RFC 9457 problem details: every field an EdgeCron error can carry. */
export const problemResponse = z.object({
  type: z.url().describe('A URI naming the kind of problem: https://edgecron.dev/problems/<status>.'),
  title: z.string().describe('A short summary of the kind of problem, the same for every occurrence.'),
  status: z.number().int().min(400).max(599).describe('The HTTP status code, repeated.'),
  detail: z.string().describe('What went wrong this time, in words.'),
  instance: z
    .string()
    .describe('This occurrence (RFC 9457 §3.1.5): the path of the request that failed, without its query (`/v1/endpoints/ep_123`). Quote it with `traceId`.'),
  traceId: z
    .string()
    .regex(/^[0-9a-f]{32}$/)
    .describe("The request's W3C trace id: from its `traceparent` header (or the API's span when tracing is on), otherwise a fresh one made for this request. Quote it to support: the API logs an internal error (500) under the same id."),
  errors: z
    .array(
      z.object({
        field: z.string().describe('The offending field: a dotted path into the body or query (`eventFilter.amount.$gt`), or `body`/`query`.'),
        message: z.string(),
      }),
    )
    .optional()
    .describe('Present when particular fields are to blame (400, and 404/409 when a body field is).'),
});

export const endpointResponse = z.object({
  id: z.string(),
  url: z.string().nullable().describe('Credentials in it (`user:pass@`, query values such as `token`, `key`, `secret`, `signature`, `auth`) read `********`; GET /v1/endpoints/{id}/credentials reveals them. null: the endpoint sends to a `destination`.'),
  destination: destination.nullable().describe('The queue it sends to (SQS, Kafka), its credentials read `********`; null: an HTTP endpoint.'),
  method: z.enum(HTTP_METHODS).nullable().describe('null: the endpoint sends to a `destination`.'),
  headers: z.record(z.string(), z.string()).describe('Custom header names, each value masked as `********` (sealed at rest). Send `********` back in a PATCH to keep a stored value.'),
  timeoutMs: z.number().int(),
  description: z.string().nullable(),
  status: z.enum(['active', 'paused', 'disabled']),
  statusReason: z.string().nullable(),
  retryPolicyId: z.string().nullable(),
  eventTypes: z.array(z.string()),
  eventFilter: z.record(z.string(), z.unknown()).nullable(),
  statusCodeOverrides: z.record(z.string(), z.string()),
  ordering: z.enum(['none', 'key']),
  onDeadLetter: z.enum(['block', 'skip']),
  tenantId: tenantIdResponse,
  maxConcurrency: z.number().int().nullable().describe('Calls in flight at once across all workers; null = the worker fair share only.'),
  rateLimitPerSecond: z.number().int().nullable().describe('Calls started per second across all workers; null = no limit.'),
  flowControlKey: z.string().nullable().describe('Endpoints with the same key share one set of limits.'),
  circuitBreaker: z
    .object({ consecutiveFailures: z.number().int(), probeIntervalMs: z.number().int() })
    .nullable()
    .describe('null: no circuit breaker.'),
  circuit: z.object({
    state: z.enum(['closed', 'open', 'half_open']),
    openedAt: time.nullable(),
    nextProbeAt: time.nullable(),
    lastFailure: z.string().nullable(),
  }),
  payloadRetentionDays: z.number().int().nullable()
    .describe('Days finished runs keep their payload and response bodies; null = the deployment\'s RETENTION_PAYLOAD_DAYS.'),
  transformation: transformationSummaryResponse,
  createdAt: time,
  updatedAt: time,
});

/** Only the create answer carries the secret; afterwards GET /v1/endpoints/{id}/secret reveals it. */
export const createdEndpointResponse = endpointResponse.extend({ secret: z.string() });

/** Schedule ids that followed the endpoint's pause, resume or delete (see EndpointScheduleEffect). */
const ids = z.array(z.string()).optional();
const scheduleEffects = z.object({ paused: ids, resumed: ids, stillPaused: ids, deleted: ids, failed: ids });

export const endpointWithSchedulesResponse = endpointResponse.extend({ schedules: scheduleEffects });

export const deletedEndpointResponse = z.object({ id: z.string(), deleted: z.literal(true), schedules: scheduleEffects });

export const endpointSecretResponse = z.object({ secret: z.string() });

/** The full-scope reveal: the URL and custom header values as EdgeCron sends them. */
export const endpointCredentialsResponse = z.object({
  url: z.string().nullable(),
  headers: z.record(z.string(), z.string()),
  destination: destination.nullable().describe('The queue destination with its credentials in clear; null: an HTTP endpoint.'),
});

export const auditEventResponse = z.object({
  id: z.string(),
  actor: z.object({ type: z.enum(['api_key', 'tenant_key', 'portal_session']), keyId: z.string().describe('`bootstrap` for EDGECRON_BOOTSTRAP_API_KEY'), name: z.string() }),
  action: z.string().describe('e.g. `endpoint.update`, `endpoint.secret.reveal`, `dead_letter.bulk_replay`, `api_key.rotate`'),
  resourceType: z.string(),
  resourceId: z.string(),
  changedFields: z.array(z.string()).describe('Names of the fields the request sent; never their values.'),
  traceId: z.string().nullable(),
  createdAt: time,
});

/** The new secret is shown once; until `previousSecretExpiresAt` deliveries carry both signatures. */
export const rotatedSecretResponse = z.object({ id: z.string(), secret: z.string(), previousSecretExpiresAt: time });

export const endpointStatsResponse = z.object({
  endpointId: z.string(),
  windowMinutes: z.number().int(),
  since: time,
  attempts: z.number().int(),
  successes: z.number().int(),
  failures: z.number().int(),
  successRate: z.number().nullable(),
  latencyMs: z.object({ p50: z.number().nullable(), p95: z.number().nullable(), p99: z.number().nullable() }),
  lastFailure: z
    .object({
      attemptId: z.string(),
      taskRunId: z.string(),
      at: time,
      statusCode: z.number().int().nullable(),
      errorKind: z.string().nullable(),
      errorMessage: z.string().nullable(),
    })
    .nullable(),
});

export const taskRunResponse = z.object({
  id: z.string(),
  endpointId: z.string(),
  tenantId: tenantIdResponse,
  status: z.enum(TASK_RUN_STATUSES),
  statusReason: z.string().nullable(),
  trigger: z.enum(['api', 'event', 'schedule', 'replay']),
  eventId: z.string().nullable(),
  scheduleId: z.string().nullable(),
  nominalFireTime: nullableTime,
  orderingKey: z.string().nullable(),
  orderingSequence: z.number().int().nullable(),
  replayOfId: z.string().nullable(),
  payload: jsonPayload.nullable().describe('null once retention removed it (then payloadPurgedAt is set).'),
  payloadPurgedAt: nullableTime.describe('When retention removed the payload and the attempts\' response bodies.'),
  /** The `webhook-id` header of every attempt of this run: receivers de-duplicate on it. */
  webhookId: z.string(),
  runAt: time,
  attemptCount: z.number().int(),
  nextAttemptAt: nullableTime,
  workflowId: z.string(),
  temporalUrl: z.string(),
  temporalHistoryExpiresAt: nullableTime.describe('About when Temporal drops this run\'s workflow history (TEMPORAL_WORKFLOW_RETENTION_DAYS after it ended); null while it runs.'),
  temporalHistoryAvailable: z.boolean().describe('false once that time has passed: temporalUrl then finds no history in the Web UI.'),
  createdAt: time,
  updatedAt: time,
  finishedAt: nullableTime,
});

export const attemptResponse = z.object({
  id: z.string(),
  taskRunId: z.string(),
  attemptNumber: z.number().int(),
  trigger: z.enum(['scheduled', 'manual']),
  status: z.enum(['success', 'failed']),
  statusCode: z.number().int().nullable(),
  latencyMs: z.number().int(),
  errorKind: z.string().nullable(),
  errorMessage: z.string().nullable(),
  decision: z.string(),
  decisionReason: z.string(),
  responseHeaders: z.record(z.string(), z.string()).nullable(),
  responseBody: z.string().nullable(),
  responseBodyPurgedAt: nullableTime.describe('When retention removed the response body.'),
  request: z.object({
    url: z.string().describe("The URL called, credentials masked; for a queue destination, the queue's address."),
    method: z.string().nullable().describe('null: a send to a queue destination.'),
  }),
  destinationResult: z
    .union([z.object({ messageId: z.string() }), z.object({ partition: z.number().int(), offset: z.string() })])
    .nullable()
    .describe('What a queue destination answered: the SQS message id, or the Kafka partition and offset; null for HTTP.'),
  requestId: z.string().nullable(),
  traceId: z.string(),
  startedAt: time,
  endedAt: time,
});

export const scheduleResponse = z.object({
  id: z.string(),
  endpointId: z.string(),
  tenantId: tenantIdResponse,
  kind: z.enum(['cron', 'once']),
  cron: z.string().nullable(),
  timezone: z.string(),
  runAt: nullableTime,
  payload: jsonPayload,
  overlapPolicy: z.enum(OVERLAP_POLICIES),
  catchupWindowMs: z.number().int(),
  jitterMs: z.number().int(),
  startAt: nullableTime,
  endAt: nullableTime,
  paused: z.boolean(),
  note: z.string().nullable(),
  state: z.enum(['active', 'paused', 'endpoint_paused', 'completed']),
  /** Up to 5 upcoming fires; absent only when Temporal answered that it has no such schedule. */
  nextFireTimes: z.array(time).optional()
    .describe('Up to 5 upcoming fire times (also while paused: when it would fire). See nextFireTimesSource.'),
  nextFireTimesSource: z.enum(['temporal', 'computed']).optional().describe(
    '`temporal`: Temporal\'s own schedule, jitter included. `computed`: worked out by EdgeCron from the stored cron, time zone, ' +
      'startAt/endAt and runAt (nominal times, no jitter), because Temporal was not asked (lists) or did not answer within 1 s.',
  ),
  /** Only when Temporal answered. */
  actionsTaken: z.number().int().optional(),
  recentFires: z.array(z.object({ scheduledAt: time, takenAt: time, workflowId: z.string() })).optional(),
  temporalScheduleId: z.string(),
  temporalUrl: z.string(),
  temporalRunsUrl: z.string(),
  createdAt: time,
  updatedAt: time,
});

export const eventResponse = z.object({
  id: z.string(),
  type: z.string(),
  /** Each matched endpoint receives `{ type, timestamp, data }` with this payload as `data`. */
  payload: jsonPayload.nullable().describe('null once retention removed it (then payloadPurgedAt is set).'),
  payloadPurgedAt: nullableTime.describe('When retention removed the payload (RETENTION_PAYLOAD_DAYS after publishing).'),
  idempotencyKey: z.string().nullable(),
  tenantId: tenantIdResponse,
  orderingKey: z.string().nullable(),
  orderingSequence: z.number().int().nullable(),
  sourceId: z.string().nullable().describe('The inbound source (src_…) that published it; null for events published through the API.'),
  sourceDeliveryId: z.string().nullable().describe("The provider's delivery id (Stripe's event id, X-GitHub-Delivery, …) when the source found one."),
  /** null while the fanout is still matching endpoints; 0 when it matched none. */
  matchedEndpointCount: z.number().int().nullable(),
  fanoutStatus: z.enum(['matching', 'completed']),
  fanoutWorkflowId: z.string(),
  temporalUrl: z.string(),
  createdAt: time,
});

/** A run as an event's run list shows it: its state, not its payload (the event holds that). */
export const eventTaskRunResponse = taskRunResponse.pick({
  id: true, endpointId: true, status: true, statusReason: true, attemptCount: true, webhookId: true,
  workflowId: true, temporalUrl: true, createdAt: true, finishedAt: true,
});

export const scheduleTriggeredResponse = z.object({ scheduleId: z.string(), triggeredAt: time, runs: z.string() });

export const healthResponse = z.object({
  status: z.enum(['ok', 'degraded']),
  database: z.enum(['up', 'down']),
  temporal: z.enum(['up', 'down']),
  dispatchBacklog: z.number().int().min(0).describe('Accepted triggers whose workflow has not been started yet (waiting for Temporal)'),
  dispatchBacklogOldestSeconds: z.number().min(0).describe('Age of the oldest of them'),
});
