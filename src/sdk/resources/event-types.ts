// /v1/event-types: the catalog (reads for every key, writes for installation keys).
import type { Transport } from '../transport';
import type * as tt from '../tenant-types';
import type { Page } from '../types';

const at = (name: string) => `/v1/event-types/${encodeURIComponent(name)}`;

export class EventTypesResource {
  constructor(private readonly http: Transport) {}

  create(body: tt.CreateEventType) {
    return this.http.request<tt.EventType>('POST', '/v1/event-types', { body });
  }
  get(name: string) {
    return this.http.request<tt.EventType>('GET', at(name));
  }
  /** Alphabetical; `nextCursor` is the last name of the page. */
  listPage(query: tt.ListEventTypesQuery = {}) {
    return this.http.request<Page<tt.EventType>>('GET', '/v1/event-types', { query });
  }
  update(name: string, body: tt.UpdateEventType) {
    return this.http.request<tt.EventType>('PATCH', at(name), { body });
  }
  delete(name: string) {
    return this.http.request<void>('DELETE', at(name));
  }
}
