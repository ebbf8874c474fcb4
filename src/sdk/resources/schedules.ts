// /v1/schedules
import { paginate } from '../pagination';
import type { Transport } from '../transport';
import type * as t from '../types';

const at = (id: string) => `/v1/schedules/${encodeURIComponent(id)}`;

export class SchedulesResource {
  constructor(private readonly http: Transport) {}

  /** Give `cron` (+ `timezone`) for a repeating schedule or `runAt` for a one-shot. */
  create(body: t.CreateSchedule) {
    return this.http.request<t.Schedule>('POST', '/v1/schedules', { body });
  }
  /** Includes the next fire times and recent fires, from Temporal. */
  get(id: string) {
    return this.http.request<t.Schedule>('GET', at(id));
  }
  listPage(query: t.ListSchedulesQuery = {}) {
    return this.http.request<t.Page<t.Schedule>>('GET', '/v1/schedules', { query });
  }
  list(query: t.ListSchedulesQuery = {}) {
    return paginate((q) => this.listPage(q), query);
  }
  update(id: string, body: t.UpdateSchedule) {
    return this.http.request<t.Schedule>('PATCH', at(id), { body });
  }
  delete(id: string) {
    return this.http.request<void>('DELETE', at(id));
  }
  pause(id: string, body: t.PauseSchedule = {}) {
    return this.http.request<t.Schedule>('POST', `${at(id)}/pause`, { body });
  }
  resume(id: string) {
    return this.http.request<t.Schedule>('POST', `${at(id)}/resume`);
  }
  /** Fires once now; the run appears in `runs(id)`. */
  trigger(id: string) {
    return this.http.request<t.ScheduleTriggered>('POST', `${at(id)}/trigger`);
  }
  runsPage(id: string, query: t.PageQuery = {}) {
    return this.http.request<t.Page<t.TaskRun>>('GET', `${at(id)}/runs`, { query });
  }
  runs(id: string, query: t.PageQuery = {}) {
    return paginate((q) => this.runsPage(id, q), query);
  }
}
