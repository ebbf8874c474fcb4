// EdgeCron's Prometheus metrics, one registry per process. When the API and the worker share a
// process (npm start), one /metrics shows both.
import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';

export const registry = new Registry();
collectDefaultMetrics({ register: registry, prefix: 'edgecron_process_' });

const LATENCY_BUCKETS = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30];

export const metrics = {
  deliveries: new Counter({
    name: 'edgecron_deliveries_total',
    help: 'HTTP delivery attempts by decision (success, retry, dead_letter, disable_endpoint) and status class (2xx … 5xx, timeout, network)',
    labelNames: ['outcome', 'status_class'] as const,
    registers: [registry],
  }),
  deliveryLatency: new Histogram({
    name: 'edgecron_delivery_latency_seconds',
    help: 'Time from sending a webhook to its response (or failure)',
    labelNames: ['status_class'] as const,
    buckets: LATENCY_BUCKETS,
    registers: [registry],
  }),
  retriesScheduled: new Counter({
    name: 'edgecron_retries_scheduled_total',
    help: 'Retry Jobs scheduled after a retryable failure',
    registers: [registry],
  }),
  deadLettersOpened: new Counter({
    name: 'edgecron_dead_letters_opened_total',
    help: 'Task runs kept as dead letters, by reason',
    labelNames: ['reason'] as const,
    registers: [registry],
  }),
  deadLettersReplayed: new Counter({
    name: 'edgecron_dead_letters_replayed_total',
    help: 'Dead letters replayed as new task runs',
    registers: [registry],
  }),
  fanoutSize: new Histogram({
    name: 'edgecron_event_fanout_size',
    help: 'Endpoints matched by one published event',
    buckets: [0, 1, 5, 10, 50, 100, 500, 1000, 5000],
    registers: [registry],
  }),
  scheduleFires: new Counter({
    name: 'edgecron_schedule_fires_total',
    help: 'Task runs created by schedules',
    registers: [registry],
  }),
  dispatchBacklog: new Gauge({
    name: 'edgecron_dispatch_backlog',
    help: 'Accepted runs, events and replays whose workflow start has not reached Temporal yet (the PendingStart outbox)',
    registers: [registry],
  }),
  dispatchBacklogOldest: new Gauge({
    name: 'edgecron_dispatch_backlog_oldest_seconds',
    help: 'Age of the oldest entry in the dispatch backlog (0 when empty)',
    registers: [registry],
  }),
  dispatchStarts: new Counter({
    name: 'edgecron_dispatch_starts_total',
    help: 'Workflow starts and signals the dispatcher made from the outbox, by result (started, failed)',
    labelNames: ['result'] as const,
    registers: [registry],
  }),
  dispatchWorkflowStarts: new Counter({
    name: 'edgecron_dispatch_workflow_starts_total',
    help: 'Workflows the dispatcher started, by kind and by how: eager (the first workflow task came back with the start, to this worker) or regular',
    labelNames: ['kind', 'start'] as const,
    registers: [registry],
  }),
  sourceRequests: new Counter({
    name: 'edgecron_source_requests_total',
    help: 'Requests to inbound sources (/in/:sourceId), by outcome (accepted, duplicate, rejected)',
    labelNames: ['outcome'] as const,
    registers: [registry],
  }),
  apiRequestDuration: new Histogram({
    name: 'edgecron_api_request_duration_seconds',
    help: 'API request latency by route and status',
    labelNames: ['method', 'route', 'status'] as const,
    buckets: LATENCY_BUCKETS,
    registers: [registry],
  }),
};

/** `2xx` … `5xx` for HTTP answers, else the error kind (`timeout`, `network`). */
export function statusClass(statusCode: number | undefined, errorKind: string | undefined): string {
  return statusCode === undefined ? (errorKind ?? 'network') : `${Math.floor(statusCode / 100)}xx`;
}
