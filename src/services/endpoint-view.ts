// The API shape of an endpoint. The signing secret is never part of it (see revealEndpointSecret); header
// values and URL credentials are masked (see revealEndpointCredentials).
import type { Endpoint } from '../db/generated/client';
import { circuitView } from '../domain/circuit';
import { maskDestination } from '../domain/node/destination-credentials';
import { maskHeaders, maskUrl } from '../domain/node/endpoint-credentials';
import { transformationSummary } from './endpoint-transformation';

export function endpointView(e: Endpoint) {
  return {
    id: e.id,
    // Stored masked already; masked again in case an earlier version wrote it in clear. A queue endpoint has none.
    url: e.destination === null ? maskUrl(e.url) : null,
    destination: e.destination === null ? null : maskDestination(e.destination),
    method: e.destination === null ? e.method : null,
    headers: maskHeaders(e.headers),
    timeoutMs: e.timeoutMs,
    description: e.description,
    status: e.status,
    statusReason: e.statusReason,
    retryPolicyId: e.retryPolicyId,
    eventTypes: e.eventTypes,
    eventFilter: e.eventFilter as Record<string, unknown> | null,
    statusCodeOverrides: e.statusCodeOverrides as Record<string, string>,
    ordering: e.ordering,
    onDeadLetter: e.onDeadLetter,
    tenantId: e.tenantId,
    maxConcurrency: e.maxConcurrency,
    rateLimitPerSecond: e.rateLimitPerSecond,
    flowControlKey: e.flowControlKey,
    ...circuitView(e),
    /** null: the deployment's RETENTION_PAYLOAD_DAYS. */
    payloadRetentionDays: e.payloadRetentionDays,
    /** Whether a transformation reshapes its deliveries; its code: GET /v1/endpoints/:id/transformation (full scope). */
    transformation: transformationSummary(e),
    createdAt: e.createdAt.toISOString(),
    updatedAt: e.updatedAt.toISOString(),
  };
}

export type EndpointView = ReturnType<typeof endpointView>;
