// /v1/audit-events (full-scope keys): who changed what, newest first.
import { paginate } from '../pagination';
import type { Transport } from '../transport';
import type * as t from '../types';

export class AuditEventsResource {
  constructor(private readonly http: Transport) {}

  listPage(query: t.ListAuditEventsQuery = {}) {
    return this.http.request<t.Page<t.AuditEvent>>('GET', '/v1/audit-events', { query });
  }
  /** Every matching record, newest first, page by page. */
  list(query: t.ListAuditEventsQuery = {}) {
    return paginate((q) => this.listPage(q), query);
  }
}
