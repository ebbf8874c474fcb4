// THE registry of API calls: every route the app serves is listed here once, with the same zod
// schemas the route validates with. To document a new route, add an entry to its resource's list
// (or a new list) and to `operations` at the bottom; test/openapi.test.ts names any route missing here.
import { z } from 'zod';
import { jsonPayload, paginationQuery } from '../../contracts/common';
import { createEndpointBody, endpointStatsQuery, listEndpointsQuery, rotateSecretBody, updateEndpointBody } from '../../contracts/endpoint';
import { createScheduleBody, listSchedulesQuery, pauseScheduleBody, updateScheduleBody } from '../../contracts/schedule';
import { createApiKeyBody, rotateApiKeyBody } from '../../contracts/api-key';
import { listAuditEventsQuery } from '../../contracts/audit-event';
import { bulkReplayBody, listDeadLettersQuery } from '../../contracts/dead-letter';
import { listEventsQuery, publishEventBody, publishEventHeaders } from '../../contracts/event';
import { listRetryJobsQuery } from '../../contracts/retry-job';
import { createRetryPolicyBody, updateRetryPolicyBody } from '../../contracts/retry-policy';
import { createTaskRunBody, listTaskRunsQuery } from '../../contracts/task-run';
import type { ApiOperation } from './operation';
import * as r from '../../contracts/responses';
import { tenantOperations } from './tenant-operations';
import { eventTypeOperations } from './event-type-operations';
import { sourceOperations } from './source-operations';
import { transformationOperations } from './transformation-operations';
import { testWebhook } from '../../contracts/transformation';

const service: ApiOperation[] = [
  {
    operationId: 'health', method: 'get', path: '/healthz', tag: 'Service', public: true,
    summary: 'Liveness with dependency checks',
    response: { status: 200, description: 'Each dependency is up or down, with the dispatch backlog. 200 while PostgreSQL is up (work is accepted even while Temporal is away); 503 when PostgreSQL is down.', schema: r.healthResponse },
    errors: [503], errorBodies: { 503: { description: 'The same report, with PostgreSQL down.', schema: r.healthResponse } },
  },
  {
    operationId: 'ready', method: 'get', path: '/readyz', tag: 'Service', public: true,
    summary: 'Readiness: 200 only when PostgreSQL and Temporal answer',
    response: { status: 200, description: 'Ready.', schema: r.healthResponse },
    errors: [503], errorBodies: { 503: { description: 'Not ready: the report names the dependency that is down.', schema: r.healthResponse } },
  },
  {
    operationId: 'metrics', method: 'get', path: '/metrics', tag: 'Service', public: true,
    summary: 'Prometheus metrics (deliveries, latency, retries, dead letters, API latency)',
    response: { status: 200, description: 'Prometheus text exposition format.', contentType: 'text/plain' },
  },
  {
    operationId: 'openApiDocument', method: 'get', path: '/openapi.json', tag: 'Service', public: true,
    summary: 'This OpenAPI 3.1 document',
    response: { status: 200, description: 'The document.', contentType: 'application/json' },
  },
  {
    operationId: 'docsPage', method: 'get', path: '/docs', tag: 'Service', public: true,
    summary: 'Browsable API documentation (rendered from /openapi.json)',
    response: { status: 200, description: 'An HTML page.', contentType: 'text/html' },
  },
];

const endpoints: ApiOperation[] = [
  {
    operationId: 'createEndpoint', method: 'post', path: '/v1/endpoints', tag: 'Endpoints',
    summary: 'Create an endpoint',
    description: 'The signing secret (`whsec_…`) is returned in this answer only; pass your own or let EdgeCron generate one.',
    body: createEndpointBody, errors: [403, 404],
    response: { status: 201, description: 'The endpoint, with its secret.', schema: r.createdEndpointResponse },
  },
  {
    operationId: 'listEndpoints', method: 'get', path: '/v1/endpoints', tag: 'Endpoints',
    summary: 'List endpoints, newest first', query: [listEndpointsQuery],
    response: { status: 200, description: 'One page of endpoints.', schema: r.pageOf(r.endpointResponse) },
  },
  {
    operationId: 'getEndpoint', method: 'get', path: '/v1/endpoints/:id', tag: 'Endpoints',
    summary: 'Get an endpoint', errors: [404],
    response: { status: 200, description: 'The endpoint (without its secret).', schema: r.endpointResponse },
  },
  {
    operationId: 'getEndpointStats', method: 'get', path: '/v1/endpoints/:id/stats', tag: 'Endpoints',
    summary: 'Delivery health over a window: success rate, latency percentiles, last failure',
    query: [endpointStatsQuery], errors: [404],
    response: { status: 200, description: 'Stats for the window.', schema: r.endpointStatsResponse },
  },
  {
    operationId: 'getEndpointSecret', method: 'get', path: '/v1/endpoints/:id/secret', tag: 'Endpoints',
    summary: "Reveal an endpoint's signing secret", errors: [404],
    response: { status: 200, description: 'The secret.', schema: r.endpointSecretResponse },
  },
  {
    operationId: 'getEndpointCredentials', method: 'get', path: '/v1/endpoints/:id/credentials', tag: 'Endpoints',
    summary: "Reveal an endpoint's custom header values and URL credentials (full scope; audited)",
    description: 'Every other answer shows them masked (`********`); they are stored sealed with AES-256-GCM.',
    errors: [403, 404],
    response: { status: 200, description: 'The URL and headers as delivered.', schema: r.endpointCredentialsResponse },
  },
  {
    operationId: 'updateEndpoint', method: 'patch', path: '/v1/endpoints/:id', tag: 'Endpoints',
    summary: 'Change an endpoint', body: updateEndpointBody, errors: [403, 404, 409],
    description: '`transformation` (`{code, enabled}`, or null to remove it) is checked on the way in: a syntax error is a 400 naming `transformation.code` with line and column. ' +
      '`method`, `headers` or `statusCodeOverrides` sent to an endpoint with a `destination` (and no `url` making it HTTP again) are a 409 naming the field.',
    response: { status: 200, description: 'The changed endpoint.', schema: r.endpointResponse },
  },
  {
    operationId: 'deleteEndpoint', method: 'delete', path: '/v1/endpoints/:id', tag: 'Endpoints',
    summary: 'Delete an endpoint and its schedules',
    description: 'Runs in flight end `failed` at their next attempt; the ledger keeps its history.',
    errors: [404],
    response: { status: 200, description: 'What was deleted.', schema: r.deletedEndpointResponse },
  },
  {
    operationId: 'pauseEndpoint', method: 'post', path: '/v1/endpoints/:id/pause', tag: 'Endpoints',
    summary: 'Pause deliveries (and its schedules)', errors: [404, 409],
    description: 'Takes effect even while Temporal is unreachable (schedule fires read the endpoint and skip); schedules Temporal could not be told about are listed under `schedules.failed`.',
    response: { status: 200, description: 'The endpoint and the schedules that followed.', schema: r.endpointWithSchedulesResponse },
  },
  {
    operationId: 'resumeEndpoint', method: 'post', path: '/v1/endpoints/:id/resume', tag: 'Endpoints',
    summary: 'Resume deliveries (and the schedules it had paused)', errors: [404, 503],
    description: 'Answers 503 with Retry-After, and the endpoint stays paused, when Temporal cannot resume its schedules within 2 s.',
    response: { status: 200, description: 'The endpoint and the schedules that followed.', schema: r.endpointWithSchedulesResponse },
  },
];

const taskRuns: ApiOperation[] = [
  {
    operationId: 'createTaskRun', method: 'post', path: '/v1/task-runs', tag: 'Task runs',
    summary: 'Deliver a payload to an endpoint, now or later (`runAt` or `delayMs`)',
    body: createTaskRunBody, errors: [404, 409, 503],
    response: { status: 202, description: 'The run, accepted; poll it or list its attempts.', schema: r.taskRunResponse },
  },
  {
    operationId: 'listTaskRuns', method: 'get', path: '/v1/task-runs', tag: 'Task runs',
    summary: 'List task runs, newest first', query: [listTaskRunsQuery],
    response: { status: 200, description: 'One page of task runs.', schema: r.pageOf(r.taskRunResponse) },
  },
  {
    operationId: 'getTaskRun', method: 'get', path: '/v1/task-runs/:id', tag: 'Task runs',
    summary: 'Get a task run', errors: [404],
    response: { status: 200, description: 'The run and its status.', schema: r.taskRunResponse },
  },
  {
    operationId: 'cancelTaskRun', method: 'post', path: '/v1/task-runs/:id/cancel', tag: 'Task runs',
    summary: 'Cancel a run waiting for its time or for a retry', errors: [404, 409],
    response: { status: 200, description: 'The cancelled run.', schema: r.taskRunResponse },
  },
  {
    operationId: 'listTaskRunAttempts', method: 'get', path: '/v1/task-runs/:id/attempts', tag: 'Task runs',
    summary: 'Every HTTP call made for a run, oldest first', errors: [404],
    response: { status: 200, description: 'All attempts (nextCursor is always null).', schema: r.pageOf(r.attemptResponse) },
  },
];

const schedules: ApiOperation[] = [
  {
    operationId: 'createSchedule', method: 'post', path: '/v1/schedules', tag: 'Schedules',
    summary: 'Create a cron (repeating) or one-shot (`runAt`) schedule', body: createScheduleBody, errors: [404, 409, 503],
    response: { status: 201, description: 'The schedule with its next fire times.', schema: r.scheduleResponse },
  },
  {
    operationId: 'listSchedules', method: 'get', path: '/v1/schedules', tag: 'Schedules',
    summary: 'List schedules, newest first', query: [listSchedulesQuery],
    response: { status: 200, description: 'One page of schedules.', schema: r.pageOf(r.scheduleResponse) },
  },
  {
    operationId: 'getSchedule', method: 'get', path: '/v1/schedules/:id', tag: 'Schedules',
    summary: 'Get a schedule with its next fire times and recent fires', errors: [404],
    response: { status: 200, description: 'The schedule.', schema: r.scheduleResponse },
  },
  {
    operationId: 'updateSchedule', method: 'patch', path: '/v1/schedules/:id', tag: 'Schedules',
    summary: 'Change a schedule', body: updateScheduleBody, errors: [404, 409, 503],
    response: { status: 200, description: 'The changed schedule.', schema: r.scheduleResponse },
  },
  {
    operationId: 'deleteSchedule', method: 'delete', path: '/v1/schedules/:id', tag: 'Schedules',
    summary: 'Delete a schedule', errors: [404, 503],
    response: { status: 204, description: 'Deleted.' },
  },
  {
    operationId: 'pauseSchedule', method: 'post', path: '/v1/schedules/:id/pause', tag: 'Schedules',
    summary: 'Pause a schedule, with an optional note', body: pauseScheduleBody, bodyRequired: false, errors: [404, 503],
    response: { status: 200, description: 'The paused schedule.', schema: r.scheduleResponse },
  },
  {
    operationId: 'resumeSchedule', method: 'post', path: '/v1/schedules/:id/resume', tag: 'Schedules',
    summary: 'Resume a schedule', errors: [404, 503],
    response: { status: 200, description: 'The schedule.', schema: r.scheduleResponse },
  },
  {
    operationId: 'triggerSchedule', method: 'post', path: '/v1/schedules/:id/trigger', tag: 'Schedules',
    summary: 'Fire once now, outside the calendar', errors: [404, 409, 503],
    response: { status: 202, description: 'Fired; the run appears under the schedule\'s runs.', schema: r.scheduleTriggeredResponse },
  },
  {
    operationId: 'listScheduleRuns', method: 'get', path: '/v1/schedules/:id/runs', tag: 'Schedules',
    summary: 'The task runs a schedule produced, newest first', query: [paginationQuery], errors: [404],
    response: { status: 200, description: 'One page of task runs.', schema: r.pageOf(r.taskRunResponse) },
  },
];

const json = (status: number, description: string) => ({ status, description, contentType: 'application/json' });

const events: ApiOperation[] = [
  {
    operationId: 'publishEvent', method: 'post', path: '/v1/events', tag: 'Events',
    summary: 'Publish an event; it fans out to every active endpoint whose subscription matches',
    description: 'The same idempotency key with the same type and payload answers 200 with the original event (no second fanout); with other content, 409. The key goes in the `Idempotency-Key` header or the body field `idempotencyKey`; two different keys in one request are a 409 too. An unknown `tenantId` is a 404.',
    body: publishEventBody, errors: [404, 409, 503],
    headers: publishEventHeaders,
    response: { status: 202, description: 'The event; its fanout workflow is running.', schema: r.eventResponse },
    alsoAnswers: [{ status: 200, description: 'An idempotent repeat: the original event; nothing fans out again.' }],
  },
  {
    operationId: 'listEvents', method: 'get', path: '/v1/events', tag: 'Events',
    summary: 'List events, newest first', query: [listEventsQuery],
    response: { status: 200, description: 'One page of events.', schema: r.pageOf(r.eventResponse) },
  },
  {
    operationId: 'getEvent', method: 'get', path: '/v1/events/:id', tag: 'Events',
    summary: 'Get an event with its matched endpoint count, run counts by status and its first runs', errors: [404],
    response: json(200, 'The event.'),
  },
  {
    operationId: 'listEventTaskRuns', method: 'get', path: '/v1/events/:id/task-runs', tag: 'Events',
    summary: 'The task runs an event created', query: [paginationQuery], errors: [404],
    response: { status: 200, description: 'One page of its task runs (GET /v1/task-runs/{id} has the whole run).', schema: r.pageOf(r.eventTaskRunResponse) },
  },
];

const retryPolicies: ApiOperation[] = [
  {
    operationId: 'createRetryPolicy', method: 'post', path: '/v1/retry-policies', tag: 'Retry policies',
    summary: 'Create a retry policy (fixed, linear or exponential backoff)', body: createRetryPolicyBody,
    description: '`maxIntervalMs` caps every wait (default 1 h); one below `initialIntervalMs` is raised to it, as the answer shows.',
    response: json(201, 'The policy.'),
  },
  {
    operationId: 'listRetryPolicies', method: 'get', path: '/v1/retry-policies', tag: 'Retry policies',
    summary: 'List retry policies, newest first', query: [paginationQuery],
    response: json(200, 'One page of policies.'),
  },
  {
    operationId: 'getRetryPolicy', method: 'get', path: '/v1/retry-policies/:id', tag: 'Retry policies',
    summary: 'Get a retry policy', errors: [404], response: json(200, 'The policy.'),
  },
  {
    operationId: 'updateRetryPolicy', method: 'patch', path: '/v1/retry-policies/:id', tag: 'Retry policies',
    summary: 'Change a retry policy (applies to runs created afterwards)', body: updateRetryPolicyBody, errors: [404, 409],
    description: 'The policy it would make is checked too: `exponential` with a stored coefficient of 1 is a 409 (send a coefficient with it). A maximum below the initial interval is raised to it.',
    response: json(200, 'The policy.'),
  },
  {
    operationId: 'deleteRetryPolicy', method: 'delete', path: '/v1/retry-policies/:id', tag: 'Retry policies',
    summary: 'Delete a retry policy no endpoint uses', errors: [404, 409], response: { status: 204, description: 'Deleted.' },
  },
  {
    operationId: 'listRetryJobs', method: 'get', path: '/v1/retry-jobs', tag: 'Retry jobs',
    summary: 'Scheduled retries, soonest first', query: [listRetryJobsQuery],
    response: json(200, 'One page of retry jobs.'),
  },
];

const deadLetters: ApiOperation[] = [
  {
    operationId: 'listDeadLetters', method: 'get', path: '/v1/dead-letters', tag: 'Dead letters',
    summary: 'List dead letters, newest first', query: [listDeadLettersQuery],
    response: json(200, 'One page of dead letters.'),
  },
  {
    operationId: 'bulkReplayDeadLetters', method: 'post', path: '/v1/dead-letters/replay', tag: 'Dead letters',
    summary: 'Replay every open dead letter matching a filter; dryRun returns the count only',
    body: bulkReplayBody, bodyRequired: false, errors: [503],
    response: json(202, 'The count and the bulk replay, draining at a bounded rate.'),
    alsoAnswers: [{ status: 200, description: 'With `dryRun`: the count only; nothing is replayed.' }],
  },
  {
    operationId: 'getBulkReplay', method: 'get', path: '/v1/dead-letters/replays/:id', tag: 'Dead letters',
    summary: 'Progress of a bulk replay', errors: [404], response: json(200, 'Progress.'),
  },
  {
    operationId: 'getDeadLetter', method: 'get', path: '/v1/dead-letters/:id', tag: 'Dead letters',
    summary: 'Get a dead letter with its last attempt', errors: [404], response: json(200, 'The dead letter.'),
  },
  {
    operationId: 'replayDeadLetter', method: 'post', path: '/v1/dead-letters/:id/replay', tag: 'Dead letters',
    summary: 'Replay as a new task run with the same webhook-id', errors: [404, 409, 503],
    response: json(202, 'The dead letter and its replay run.'),
  },
  {
    operationId: 'discardDeadLetter', method: 'post', path: '/v1/dead-letters/:id/discard', tag: 'Dead letters',
    summary: 'Discard (kept on record, no longer open)', errors: [404, 409], response: json(200, 'The dead letter.'),
  },
];

const security: ApiOperation[] = [
  {
    operationId: 'rotateEndpointSecret', method: 'post', path: '/v1/endpoints/:id/secret/rotate', tag: 'Endpoints',
    summary: 'Rotate the signing secret; the previous one keeps signing alongside it for a grace period',
    body: rotateSecretBody, bodyRequired: false, errors: [404],
    response: { status: 200, description: 'The new secret (shown once) and until when the old one also signs.', schema: r.rotatedSecretResponse },
  },
  {
    operationId: 'createApiKey', method: 'post', path: '/v1/api-keys', tag: 'API keys',
    summary: 'Create an API key (shown once)', body: createApiKeyBody, errors: [403, 404, 409],
    description: 'An `expiresAt` that has already passed is a 409; an unknown `tenantId` is a 404.',
    response: json(201, 'The key, its prefix and scope.'),
  },
  {
    operationId: 'listApiKeys', method: 'get', path: '/v1/api-keys', tag: 'API keys',
    summary: 'List API keys (prefix and last four characters only)', query: [paginationQuery], errors: [403],
    response: json(200, 'One page of keys.'),
  },
  {
    operationId: 'getApiKey', method: 'get', path: '/v1/api-keys/:id', tag: 'API keys',
    summary: 'Get an API key (never the key itself)', errors: [403, 404], response: json(200, 'The key record.'),
  },
  {
    operationId: 'revokeApiKey', method: 'post', path: '/v1/api-keys/:id/revoke', tag: 'API keys',
    summary: 'Revoke an API key at once', errors: [403, 404], response: json(200, 'The revoked key record.'),
  },
  {
    operationId: 'rotateApiKey', method: 'post', path: '/v1/api-keys/:id/rotate', tag: 'API keys',
    summary: 'Replace a key; the old one stays valid for the grace period', body: rotateApiKeyBody, bodyRequired: false,
    errors: [403, 404, 409], response: json(201, 'The new key (shown once).'),
  },
];

const audit: ApiOperation[] = [
  {
    operationId: 'listAuditEvents', method: 'get', path: '/v1/audit-events', tag: 'Audit log',
    summary: 'Control-plane changes made through the API, newest first (full scope)',
    description: 'One record per create, update, delete, pause, resume, replay, discard, secret or credentials reveal, rotation and key change: who (API key), what (action, resource, names of the fields sent), when, trace id. Task runs and events are not recorded.',
    query: [listAuditEventsQuery], errors: [403],
    response: { status: 200, description: 'One page of audit events.', schema: r.pageOf(r.auditEventResponse) },
  },
];

const stats: ApiOperation[] = [
  {
    operationId: 'getOverviewStats', method: 'get', path: '/v1/stats/overview', tag: 'Stats',
    summary: 'Dashboard aggregates: task runs per status (last hour, last 24 h), attempts per minute (last 60 min), endpoints failing most, the dispatch backlog',
    response: json(200, 'The aggregates.'),
  },
];

/** Named in the document's components (the rest are named after their operation). */
export const namedSchemas: Record<string, z.ZodType> = {
  JsonValue: jsonPayload,
  Problem: r.problemResponse,
  Endpoint: r.endpointResponse,
  TaskRun: r.taskRunResponse,
  DeliveryAttempt: r.attemptResponse,
  Schedule: r.scheduleResponse,
  Event: r.eventResponse,
  TransformationWebhook: testWebhook,
};

export const operations: ApiOperation[] = [
  ...service, ...endpoints, ...taskRuns, ...schedules, ...events, ...retryPolicies, ...deadLetters, ...security, ...audit, ...stats,
  ...tenantOperations, ...eventTypeOperations, ...sourceOperations, ...transformationOperations,
];
