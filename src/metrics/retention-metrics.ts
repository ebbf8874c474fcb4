// The retention purge's metrics (README "Retention"), on the process registry beside the others.
import { Counter, Gauge } from 'prom-client';
import { registry } from './metrics';

export const retentionMetrics = {
  rowsRemoved: new Counter({
    name: 'edgecron_retention_rows_removed_total',
    help: 'Rows the retention purge removed or emptied, by kind (payloads, responseBodies, runs, attempts, deadLetters, events, eventPayloads, idempotencyKeys)',
    labelNames: ['kind'] as const,
    registers: [registry],
  }),
  batches: new Counter({
    name: 'edgecron_retention_purge_batches_total',
    help: 'Purge batches run, by rule: the purge\'s progress',
    labelNames: ['rule'] as const,
    registers: [registry],
  }),
  lastCompleted: new Gauge({
    name: 'edgecron_retention_purge_last_completed_seconds',
    help: 'Unix time when a purge pass last found nothing more due',
    registers: [registry],
  }),
};
