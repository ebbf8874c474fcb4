// /v1/retry-jobs: scheduled retries, soonest first.
import { Router } from 'express';
import type { ApiDeps } from '../api-deps';
import { listRetryJobs } from '../../services/retry-jobs';
import { listRetryJobsQuery } from '../../contracts/retry-job';
import { parseInput } from '../validate';

export function retryJobRoutes(deps: ApiDeps): Router {
  const r = Router();
  r.get('/', async (req, res) => {
    res.json(await listRetryJobs(deps, parseInput(listRetryJobsQuery, req.query, 'query')));
  });
  return r;
}
