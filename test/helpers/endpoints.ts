// Endpoint fixtures: an endpoint made through the API, and one bound to a test receiver, which then
// verifies every delivery's signature with the endpoint's secret.
import { api, type ApiCallOptions } from './api';
import type { Receiver } from './receiver';

export interface CreatedEndpoint {
  id: string;
  secret: string;
  [k: string]: unknown;
}

/** POST /v1/endpoints as the bootstrap key (or as `options` says); throws unless it answers 201. */
export async function createEndpoint(body: Record<string, unknown> & { url: string }, options?: ApiCallOptions | string): Promise<CreatedEndpoint> {
  const res = await api('POST', '/v1/endpoints', body, options);
  if (res.status !== 201) throw new Error(`endpoint create failed: ${res.status} ${JSON.stringify(res.body)}`);
  return res.body as CreatedEndpoint;
}

/** An endpoint that delivers to `receiver`, which learns its secret to check signatures. */
export async function endpointFor(receiver: Receiver, extra: Record<string, unknown> = {}, options?: ApiCallOptions | string): Promise<CreatedEndpoint> {
  const endpoint = await createEndpoint({ url: receiver.url, ...extra }, options);
  receiver.secret = endpoint.secret;
  return endpoint;
}

type EndpointPage = { data: Array<{ id: string; createdAt: string }>; nextCursor: string | null };

/**
 * Deletes every endpoint created since `since` (files run one after another on the shared stack, so
 * these are the calling file's). For files whose endpoints subscribe to common event types through
 * commands they do not control (the CLI, the README's walk-through): left active, they would take a
 * share of later files' events.
 */
export async function deleteEndpointsCreatedSince(since: Date): Promise<void> {
  let cursor: string | null = null;
  do {
    const page = (await api('GET', `/v1/endpoints?limit=100${cursor ? `&cursor=${cursor}` : ''}`)).body as EndpointPage;
    const rows = page.data;
    const recent = rows.filter((e) => new Date(e.createdAt) >= since);
    for (const e of recent) await api('DELETE', `/v1/endpoints/${e.id}`);
    cursor = recent.length === rows.length ? page.nextCursor : null;
  } while (cursor);
}
