// /v1/api-keys (typed loosely until API keys are part of this build).
import { paginate } from '../pagination';
import type { Transport } from '../transport';
import type * as t from '../types';

const at = (id: string) => `/v1/api-keys/${encodeURIComponent(id)}`;

export class ApiKeysResource {
  constructor(private readonly http: Transport) {}

  /** The answer shows the key itself once. */
  create(body: t.JsonObject) {
    return this.http.request<t.ApiObject>('POST', '/v1/api-keys', { body });
  }
  get(id: string) {
    return this.http.request<t.ApiObject>('GET', at(id));
  }
  listPage(query: t.PageQuery = {}) {
    return this.http.request<t.Page<t.ApiObject>>('GET', '/v1/api-keys', { query });
  }
  list(query: t.PageQuery = {}) {
    return paginate((q) => this.listPage(q), query);
  }
  revoke(id: string) {
    return this.http.request<t.ApiObject>('POST', `${at(id)}/revoke`);
  }
  rotate(id: string, body: t.JsonObject = {}) {
    return this.http.request<t.ApiObject>('POST', `${at(id)}/rotate`, { body });
  }
}
