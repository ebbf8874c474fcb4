// The API shape of an endpoint. The signing secret is never part of it (see revealEndpointSecret).
import type { Endpoint } from '../db/generated/client';

export function endpointView(e: Endpoint) {
  return {
    id: e.id,
    url: e.url,
    method: e.method,
    headers: e.headers as Record<string, string>,
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
    createdAt: e.createdAt.toISOString(),
    updatedAt: e.updatedAt.toISOString(),
  };
}

export type EndpointView = ReturnType<typeof endpointView>;
