// The registry's inbound source calls (see operations.ts): /v1/sources and POST /in/:sourceId.
import { paginationQuery } from '../../contracts/common';
import { createSourceBody, rotateSourceSecretBody, updateSourceBody } from '../../contracts/source';
import { pageOf } from '../../contracts/responses';
import * as s from '../../contracts/source-responses';
import type { ApiOperation } from './operation';

const source = (status: number, description = 'The source.') => ({ status, description, schema: s.sourceResponse });

export const sourceOperations: ApiOperation[] = [
  {
    operationId: 'createSource', method: 'post', path: '/v1/sources', tag: 'Sources',
    summary: 'Create an inbound source: third-party webhooks to its ingestUrl become events',
    description: 'Verification: stripe, standard_webhooks, github, shopify, hmac, basic, api_key, or none (only with an `eventTypePrefix`). The event type comes from `eventType` (defaults per provider), normalised (`orders/create` → `orders.create`) and prefixed; never `edgecron.`. Deduplication by the provider\'s delivery id is on by default (24 h) for stripe, standard_webhooks, github and shopify.',
    body: createSourceBody, errors: [403, 404], response: source(201),
  },
  {
    operationId: 'listSources', method: 'get', path: '/v1/sources', tag: 'Sources',
    summary: 'List sources, newest first', query: [paginationQuery],
    response: { status: 200, description: 'One page of sources.', schema: pageOf(s.sourceResponse) },
  },
  { operationId: 'getSource', method: 'get', path: '/v1/sources/:id', tag: 'Sources', summary: 'Get a source', errors: [404], response: source(200) },
  {
    operationId: 'updateSource', method: 'patch', path: '/v1/sources/:id', tag: 'Sources',
    summary: 'Change a source (a new verification replaces the secret at once; use rotate for a grace period)',
    body: updateSourceBody, errors: [404, 409], response: source(200),
    errorTexts: { 409: 'The change, merged with what the source holds, leaves a rule incomplete (`errors` names the field: eventType for a type with no default, eventTypePrefix for none).' },
  },
  {
    operationId: 'deleteSource', method: 'delete', path: '/v1/sources/:id', tag: 'Sources',
    summary: 'Delete a source: its ingest URL answers 404; its events stay', errors: [404],
    response: { status: 200, description: 'Deleted.', schema: s.deletedSourceResponse },
  },
  {
    operationId: 'disableSource', method: 'post', path: '/v1/sources/:id/disable', tag: 'Sources',
    summary: 'Disable a source: requests get 503 with Retry-After (providers retry later); nothing is published', errors: [404], response: source(200),
  },
  { operationId: 'enableSource', method: 'post', path: '/v1/sources/:id/enable', tag: 'Sources', summary: 'Enable a disabled source', errors: [404], response: source(200) },
  {
    operationId: 'getSourceSecret', method: 'get', path: '/v1/sources/:id/secret', tag: 'Sources',
    summary: "Reveal a source's secret (password, key); full-scope keys only", errors: [403, 404],
    response: { status: 200, description: 'The secret.', schema: s.sourceSecretResponse },
  },
  {
    operationId: 'rotateSourceSecret', method: 'post', path: '/v1/sources/:id/secret/rotate', tag: 'Sources',
    summary: 'Set the new secret the provider issued; requests signed with either are accepted for gracePeriodSeconds',
    body: rotateSourceSecretBody, errors: [404, 409],
    errorTexts: { 409: 'The new secret does not fit the source\'s verification type (`errors` names the field: secret, password or key, and the form it takes).' },
    response: { status: 200, description: 'Until when the previous secret is accepted.', schema: s.rotatedSourceSecretResponse },
  },
  {
    operationId: 'listSourceRequests', method: 'get', path: '/v1/sources/:id/requests', tag: 'Sources',
    summary: "The source's last requests, newest first: outcome, why a request was refused, its event, its size",
    description: 'Nothing of a body or of secret headers is kept. At most 10,000 rows per source, within the retention settings.',
    query: [paginationQuery], errors: [404],
    response: { status: 200, description: 'One page of requests.', schema: pageOf(s.sourceRequestResponse) },
  },
  {
    operationId: 'ingestSourceRequest', method: 'post', path: '/in/:sourceId', tag: 'Sources', public: true, rawBody: true,
    summary: 'A third-party webhook: verified on its raw bytes, it becomes an event',
    description: 'No API key: the source\'s verification authenticates. Any Content-Type; JSON bodies become the payload, others `{ contentType, body }`. 401 names the check that failed (never a signature or header value); 404 unknown or deleted source; 503 disabled (Retry-After); 413 over API_BODY_LIMIT_BYTES; 422 no event type by the source\'s rule, or a payload the event type catalog\'s schema refuses; 429 over the source\'s ingestRateLimitPerSecond or too many failed verifications from one address (Retry-After).',
    errors: [401, 413, 422, 429, 503],
    errorTexts: { 401: 'Verification failed: `detail` says which check (signature, timestamp tolerance, missing header).', 429: 'Over the source\'s ingestRateLimitPerSecond, or too many failed verifications from this address; honour Retry-After.', 503: 'The source is disabled, or PostgreSQL is unavailable; retry after Retry-After.' },
    response: { status: 202, description: 'Accepted and committed (delivered even while Temporal is away).', schema: s.inboundAcceptedResponse },
    alsoAnswers: [{ status: 200, description: 'A duplicate delivery id within the dedup window: the first event; nothing published again.' }],
  },
];
