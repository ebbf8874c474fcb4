// GET /metrics in Prometheus text format.
import { Router } from 'express';
import type { Db } from '../../db/prisma';
import { refreshFlowStateGauges } from '../../metrics/flow-state';
import { registry } from '../../metrics/metrics';

export function metricsRoutes(db?: Db): Router {
  const r = Router();
  r.get('/metrics', async (_req, res) => {
    // Best effort: with the database away the other metrics are still worth serving.
    if (db) await refreshFlowStateGauges(db).catch(() => undefined);
    res.type(registry.contentType).send(await registry.metrics());
  });
  return r;
}
