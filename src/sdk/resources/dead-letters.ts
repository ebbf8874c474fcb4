// /v1/dead-letters: list, get, replay (one or many by filter), discard. Answers are typed loosely.
import { paginate } from '../pagination';
import type { Transport } from '../transport';
import type * as t from '../types';

const at = (id: string) => `/v1/dead-letters/${encodeURIComponent(id)}`;

export class DeadLettersResource {
  constructor(private readonly http: Transport) {}

  get(id: string) {
    return this.http.request<t.ApiObject>('GET', at(id));
  }
  listPage(query: t.ListDeadLettersQuery = {}) {
    return this.http.request<t.Page<t.ApiObject>>('GET', '/v1/dead-letters', { query });
  }
  list(query: t.ListDeadLettersQuery = {}) {
    return paginate((q) => this.listPage(q), query);
  }
  /** Delivers the dead letter again as a new task run. */
  replay(id: string, body: t.JsonObject = {}) {
    return this.http.request<t.ApiObject>('POST', `${at(id)}/replay`, { body });
  }
  discard(id: string, body: t.JsonObject = {}) {
    return this.http.request<t.ApiObject>('POST', `${at(id)}/discard`, { body });
  }
  /** Bulk replay by filter; `dryRun: true` only counts. */
  replayMatching(body: t.JsonObject & { dryRun?: boolean }) {
    return this.http.request<t.JsonObject>('POST', '/v1/dead-letters/replay', { body });
  }
  /** Progress of a bulk replay started by replayMatching(). */
  replayProgress(replayId: string) {
    return this.http.request<t.JsonObject>('GET', `/v1/dead-letters/replays/${encodeURIComponent(replayId)}`);
  }
}
