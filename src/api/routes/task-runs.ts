// /v1/task-runs: direct runs, their status, cancellation and attempts.
import { Router } from 'express';
import type { ApiDeps } from '../api-deps';
import * as taskRuns from '../../services/task-runs';
import { createTaskRunBody, listTaskRunsQuery } from '../../contracts/task-run';
import { parseInput, parseListQuery } from '../validate';
import { audited } from '../audit/audited';

export function taskRunRoutes(deps: ApiDeps): Router {
  const r = Router();
  r.post('/', async (req, res) => {
    const run = await taskRuns.createTaskRun(deps, parseInput(createTaskRunBody, req.body, 'body'));
    res.status(202).location(`/v1/task-runs/${run.id}`).json(run);
  });
  r.get('/', async (req, res) => {
    const { page, filter } = parseListQuery(listTaskRunsQuery, req.query);
    res.json(await taskRuns.listTaskRuns(deps, page, filter));
  });
  r.get('/:id', async (req, res) => {
    res.json(await taskRuns.getTaskRun(deps, req.params.id));
  });
  r.post('/:id/cancel', audited(deps, 'task_run.cancel'), async (req, res) => {
    res.json(await taskRuns.cancelTaskRun(deps, req.params.id));
  });
  r.get('/:id/attempts', async (req, res) => {
    res.json(await taskRuns.listAttempts(deps, req.params.id));
  });
  return r;
}
