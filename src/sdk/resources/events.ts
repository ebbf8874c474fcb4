// /v1/events: publish (with an idempotency key), get, list. The event is typed; get's run counts loosely.
import { paginate } from '../pagination';
import type { Transport } from '../transport';
import type * as t from '../types';

export interface PublishOptions {
  /**
   * Sent as `Idempotency-Key`: publishing twice with one key creates one event. Default: a fresh
   * UUID per publish() call, reused by the SDK's own retries of that call.
   */
  idempotencyKey?: string;
}

export class EventsResource {
  constructor(private readonly http: Transport) {}

  /** Fans the event out to every subscribed endpoint. */
  publish(body: { type: string; payload: unknown } & t.JsonObject, options: PublishOptions = {}) {
    const idempotencyKey = options.idempotencyKey ?? globalThis.crypto.randomUUID();
    return this.http.request<t.Event>('POST', '/v1/events', { body, headers: { 'idempotency-key': idempotencyKey } });
  }
  get(id: string) {
    return this.http.request<t.ApiObject>('GET', `/v1/events/${encodeURIComponent(id)}`);
  }
  listPage(query: t.ListEventsQuery = {}) {
    return this.http.request<t.Page<t.Event>>('GET', '/v1/events', { query });
  }
  list(query: t.ListEventsQuery = {}) {
    return paginate((q) => this.listPage(q), query);
  }
  /** The task runs the event fanned out to. */
  taskRunsPage(id: string, query: t.PageQuery = {}) {
    return this.http.request<t.Page<t.TaskRun>>('GET', `/v1/events/${encodeURIComponent(id)}/task-runs`, { query });
  }
  taskRuns(id: string, query: t.PageQuery = {}) {
    return paginate((q) => this.taskRunsPage(id, q), query);
  }
}
