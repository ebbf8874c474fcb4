// /v1/stats: read-only aggregates for dashboards (the web console's overview).
import { Router } from 'express';
import type { ApiDeps } from '../api-deps';
import { overviewStats } from '../../services/overview-stats';

export function statsRoutes(deps: ApiDeps): Router {
  const r = Router();
  r.get('/overview', async (_req, res) => {
    res.json(await overviewStats(deps));
  });
  return r;
}
