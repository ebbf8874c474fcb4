// /v1/retry-jobs: scheduled retries, soonest first.
import { Router } from 'express';
import type { ServiceContext } from '../../services/context';
import { listRetryJobs } from '../../services/retry-jobs';
import { listRetryJobsQuery } from '../../contracts/retry-job';
import { parseInput } from '../validate';

export function retryJobRoutes(ctx: ServiceContext): Router {
  const r = Router();
  r.get('/', async (req, res) => {
    res.json(await listRetryJobs(ctx, parseInput(listRetryJobsQuery, req.query, 'query')));
  });
  return r;
}
