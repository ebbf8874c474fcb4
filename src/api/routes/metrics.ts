// GET /metrics in Prometheus text format.
import { Router } from 'express';
import { registry } from '../../metrics/metrics';

export function metricsRoutes(): Router {
  const r = Router();
  r.get('/metrics', async (_req, res) => {
    res.type(registry.contentType).send(await registry.metrics());
  });
  return r;
}
