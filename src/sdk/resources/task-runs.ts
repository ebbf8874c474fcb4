// /v1/task-runs
import { EdgeCronTimeoutError } from '../errors';
import { paginate } from '../pagination';
import type { Transport } from '../transport';
import type * as t from '../types';

const at = (id: string) => `/v1/task-runs/${encodeURIComponent(id)}`;

/** Statuses a run never leaves. */
export const FINAL_TASK_RUN_STATUSES: readonly t.TaskRunStatus[] = ['success', 'dead_letter', 'cancelled', 'failed'];

export interface WaitOptions {
  /** Give up after this long (EdgeCronTimeoutError). Default 60 s. */
  timeoutMs?: number;
  /** Poll interval. Default 500 ms. */
  intervalMs?: number;
  /** Stop at these statuses instead of the final ones. */
  until?: readonly t.TaskRunStatus[];
}

export class TaskRunsResource {
  constructor(private readonly http: Transport) {}

  /** Delivers now, or later with `runAt` (ISO time) or `delayMs`. */
  create(body: t.CreateTaskRun) {
    return this.http.request<t.TaskRun>('POST', '/v1/task-runs', { body });
  }
  get(id: string) {
    return this.http.request<t.TaskRun>('GET', at(id));
  }
  listPage(query: t.ListTaskRunsQuery = {}) {
    return this.http.request<t.Page<t.TaskRun>>('GET', '/v1/task-runs', { query });
  }
  list(query: t.ListTaskRunsQuery = {}) {
    return paginate((q) => this.listPage(q), query);
  }
  cancel(id: string) {
    return this.http.request<t.TaskRun>('POST', `${at(id)}/cancel`);
  }
  /** Every HTTP call made for the run, oldest first. */
  async attempts(id: string) {
    return (await this.http.request<t.Page<t.DeliveryAttempt>>('GET', `${at(id)}/attempts`)).data;
  }
  /** Polls until the run reaches a final status (or `until`), and returns it. */
  async wait(id: string, options: WaitOptions = {}): Promise<t.TaskRun> {
    const { timeoutMs = 60_000, intervalMs = 500, until = FINAL_TASK_RUN_STATUSES } = options;
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const run = await this.get(id);
      if (until.includes(run.status)) return run;
      if (Date.now() + intervalMs > deadline) {
        throw new EdgeCronTimeoutError(`task run ${id} is still ${run.status} after ${timeoutMs} ms`);
      }
      await new Promise((resolve) => setTimeout(resolve, intervalMs));
    }
  }
}
