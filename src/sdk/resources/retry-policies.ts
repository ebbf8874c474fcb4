// /v1/retry-policies and /v1/retry-jobs (REST contract; typed loosely until they are part of this build).
import { paginate } from '../pagination';
import type { Transport } from '../transport';
import type * as t from '../types';

const at = (id: string) => `/v1/retry-policies/${encodeURIComponent(id)}`;

export class RetryPoliciesResource {
  constructor(private readonly http: Transport) {}

  create(body: t.JsonObject) {
    return this.http.request<t.ApiObject>('POST', '/v1/retry-policies', { body });
  }
  get(id: string) {
    return this.http.request<t.ApiObject>('GET', at(id));
  }
  listPage(query: t.ListRetryPoliciesQuery = {}) {
    return this.http.request<t.Page<t.ApiObject>>('GET', '/v1/retry-policies', { query });
  }
  list(query: t.ListRetryPoliciesQuery = {}) {
    return paginate((q) => this.listPage(q), query);
  }
  update(id: string, body: t.JsonObject) {
    return this.http.request<t.ApiObject>('PATCH', at(id), { body });
  }
  delete(id: string) {
    return this.http.request<unknown>('DELETE', at(id));
  }
}

/** Scheduled retries: task run, attempt number, due time. */
export class RetryJobsResource {
  constructor(private readonly http: Transport) {}

  listPage(query: t.ListRetryJobsQuery = {}) {
    return this.http.request<t.Page<t.JsonObject & { id?: string }>>('GET', '/v1/retry-jobs', { query });
  }
  list(query: t.ListRetryJobsQuery = {}) {
    return paginate((q) => this.listPage(q), query);
  }
}
