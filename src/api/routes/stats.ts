// /v1/stats: read-only aggregates for dashboards (the web console's overview).
import { Router } from 'express';
import type { ServiceContext } from '../../services/context';
import { overviewStats } from '../../services/overview-stats';

export function statsRoutes(ctx: ServiceContext): Router {
  const r = Router();
  r.get('/overview', async (_req, res) => {
    res.json(await overviewStats(ctx));
  });
  return r;
}
