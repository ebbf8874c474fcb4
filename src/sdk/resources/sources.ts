// /v1/sources: inbound webhook sources (providers send to each source's ingestUrl).
import { paginate } from '../pagination';
import type { Transport } from '../transport';
import type * as st from '../source-types';
import type { Page, PageQuery } from '../types';

const at = (id: string) => `/v1/sources/${encodeURIComponent(id)}`;

export class SourcesResource {
  constructor(private readonly http: Transport) {}

  create(body: st.CreateSource) {
    return this.http.request<st.Source>('POST', '/v1/sources', { body });
  }
  get(id: string) {
    return this.http.request<st.Source>('GET', at(id));
  }
  listPage(query: PageQuery = {}) {
    return this.http.request<Page<st.Source>>('GET', '/v1/sources', { query });
  }
  list(query: PageQuery = {}) {
    return paginate((q) => this.listPage(q), query);
  }
  update(id: string, body: st.UpdateSource) {
    return this.http.request<st.Source>('PATCH', at(id), { body });
  }
  delete(id: string) {
    return this.http.request<st.DeletedSource>('DELETE', at(id));
  }
  /** Requests get 503 with Retry-After until enabled again; nothing is published. */
  disable(id: string) {
    return this.http.request<st.Source>('POST', `${at(id)}/disable`);
  }
  enable(id: string) {
    return this.http.request<st.Source>('POST', `${at(id)}/enable`);
  }
  /** Full-scope keys only. */
  revealSecret(id: string) {
    return this.http.request<st.SourceSecret>('GET', `${at(id)}/secret`);
  }
  /** The new secret the provider issued; both are accepted for gracePeriodSeconds (default 24 h). */
  rotateSecret(id: string, body: st.RotateSourceSecret) {
    return this.http.request<st.RotatedSourceSecret>('POST', `${at(id)}/secret/rotate`, { body });
  }
  requestsPage(id: string, query: PageQuery = {}) {
    return this.http.request<Page<st.SourceRequest>>('GET', `${at(id)}/requests`, { query });
  }
  requests(id: string, query: PageQuery = {}) {
    return paginate((q) => this.requestsPage(id, q), query);
  }
}
