// /v1/tenants and portal sessions (installation keys only).
import { paginate } from '../pagination';
import type { Transport } from '../transport';
import type * as tt from '../tenant-types';
import type { Page } from '../types';

const at = (id: string) => `/v1/tenants/${encodeURIComponent(id)}`;

export class TenantsResource {
  constructor(private readonly http: Transport) {}

  create(body: tt.CreateTenant) {
    return this.http.request<tt.Tenant>('POST', '/v1/tenants', { body });
  }
  get(id: string) {
    return this.http.request<tt.Tenant>('GET', at(id));
  }
  listPage(query: tt.ListTenantsQuery = {}) {
    return this.http.request<Page<tt.Tenant>>('GET', '/v1/tenants', { query });
  }
  list(query: tt.ListTenantsQuery = {}) {
    return paginate((q) => this.listPage(q), query);
  }
  update(id: string, body: tt.UpdateTenant) {
    return this.http.request<tt.Tenant>('PATCH', at(id), { body });
  }
  /** Deletes its endpoints, schedules and keys and fails its waiting runs; `confirm` is sent as the tenant id. */
  delete(id: string) {
    return this.http.request<tt.DeletedTenant>('DELETE', at(id), { query: { confirm: id } });
  }
  /** A link to the consumer portal for this tenant's user, and its short-lived token. */
  createPortalSession(id: string, body: tt.CreatePortalSession = {}) {
    return this.http.request<tt.PortalSession>('POST', `${at(id)}/portal-sessions`, { body });
  }
}
