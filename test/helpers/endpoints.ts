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

type EndpointPage = { data: Array<{ id: string; url: string | null }>; nextCursor: string | null };

/** Deletes every endpoint `match` picks, so a file's subscribers take no share of later files' events. */
export async function deleteEndpointsWhere(match: (e: { id: string; url: string | null }) => boolean): Promise<void> {
  let cursor: string | null = null;
  do {
    const page = (await api('GET', `/v1/endpoints?limit=100${cursor ? `&cursor=${cursor}` : ''}`)).body as EndpointPage;
    for (const e of page.data.filter(match)) await api('DELETE', `/v1/endpoints/${e.id}`);
    cursor = page.nextCursor;
  } while (cursor);
}
