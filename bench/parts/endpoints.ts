// Creates the endpoints the parts deliver to.
import type { ApiClient } from '../api-client';

export async function createEndpoint(api: ApiClient, url: string, extra: Record<string, unknown> = {}): Promise<string> {
  const endpoint = await api.ok<{ id: string }>('POST', '/v1/endpoints', { url, timeoutMs: 10_000, ...extra });
  return endpoint.id;
}

/** An endpoint that sends to a queue or topic (docs/destinations.md): a destination, never a URL. */
export async function createQueueEndpoint(api: ApiClient, destination: Record<string, unknown>): Promise<string> {
  const endpoint = await api.ok<{ id: string }>('POST', '/v1/endpoints', { destination, timeoutMs: 10_000 });
  return endpoint.id;
}
