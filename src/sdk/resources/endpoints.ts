// /v1/endpoints
import { paginate } from '../pagination';
import type { Transport } from '../transport';
import type * as t from '../types';
import type * as tt from '../transformation-types';

const at = (id: string) => `/v1/endpoints/${encodeURIComponent(id)}`;

export class EndpointsResource {
  constructor(private readonly http: Transport) {}

  /** The answer carries the signing secret; keep it for verifying deliveries. */
  create(body: t.CreateEndpoint) {
    return this.http.request<t.CreatedEndpoint>('POST', '/v1/endpoints', { body });
  }
  get(id: string) {
    return this.http.request<t.Endpoint>('GET', at(id));
  }
  listPage(query: t.ListEndpointsQuery = {}) {
    return this.http.request<t.Page<t.Endpoint>>('GET', '/v1/endpoints', { query });
  }
  /** Every endpoint, newest first, page by page. */
  list(query: t.ListEndpointsQuery = {}) {
    return paginate((q) => this.listPage(q), query);
  }
  update(id: string, body: t.UpdateEndpoint) {
    return this.http.request<t.Endpoint>('PATCH', at(id), { body });
  }
  delete(id: string) {
    return this.http.request<t.DeletedEndpoint>('DELETE', at(id));
  }
  pause(id: string) {
    return this.http.request<t.EndpointWithSchedules>('POST', `${at(id)}/pause`);
  }
  resume(id: string) {
    return this.http.request<t.EndpointWithSchedules>('POST', `${at(id)}/resume`);
  }
  getSecret(id: string) {
    return this.http.request<{ secret: string }>('GET', `${at(id)}/secret`);
  }
  /**
   * Custom header values and URL credentials in clear (full-scope keys; audited). Every other answer
   * shows them as `MASKED_VALUE`; send that back in `update` to keep a stored value.
   */
  getCredentials(id: string) {
    return this.http.request<t.EndpointCredentials>('GET', `${at(id)}/credentials`);
  }
  /** The transformation's code and its last 20 versions, with who changed it and when (full scope). */
  getTransformation(id: string) {
    return this.http.request<tt.EndpointTransformation>('GET', `${at(id)}/transformation`);
  }
  stats(id: string, query: t.EndpointStatsQuery = {}) {
    return this.http.request<t.EndpointStats>('GET', `${at(id)}/stats`, { query });
  }
  /**
   * A new signing secret (generated unless `body.secret` gives one); the previous one keeps signing
   * beside it for `gracePeriodSeconds` (default 24 h), so receivers can switch over.
   */
  rotateSecret(id: string, body: t.RotateSecret = {}) {
    return this.http.request<t.RotatedSecret>('POST', `${at(id)}/secret/rotate`, { body });
  }
}
