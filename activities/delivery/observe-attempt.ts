// Metrics and one log line per delivery attempt: ids, numbers and the decision, never the payload,
// the secret or the signature.
import type { Decision } from '../../src/domain/delivery-outcome';
import type { Logger } from '../../src/logger';
import { metrics, statusClass } from '../../src/metrics/metrics';

export interface AttemptObservation {
  taskRunId: string;
  endpointId: string;
  attemptNumber: number;
  traceId: string;
  statusCode?: number;
  errorKind?: string;
  latencyMs: number;
  decision: Decision;
  retryScheduled: boolean;
}

export function observeAttempt(logger: Logger, o: AttemptObservation): void {
  const cls = statusClass(o.statusCode, o.errorKind);
  metrics.deliveries.inc({ outcome: o.decision, status_class: cls });
  metrics.deliveryLatency.observe({ status_class: cls }, o.latencyMs / 1000);
  if (o.retryScheduled) metrics.retriesScheduled.inc();
  const level = o.decision === 'success' ? 'info' : 'warn';
  logger[level](
    {
      taskRunId: o.taskRunId,
      endpointId: o.endpointId,
      attempt: o.attemptNumber,
      traceId: o.traceId,
      statusCode: o.statusCode,
      errorKind: o.errorKind,
      latencyMs: o.latencyMs,
      decision: o.decision,
    },
    'delivery attempt',
  );
}
