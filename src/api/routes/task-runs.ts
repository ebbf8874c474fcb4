// /v1/task-runs: direct runs, their status, cancellation and attempts.
import { Router } from 'express';
import type { ServiceContext } from '../../services/context';
import * as taskRuns from '../../services/task-runs';
import { paginationQuery } from '../../contracts/common';
import { createTaskRunBody, listTaskRunsQuery } from '../../contracts/task-run';
import { parseInput } from '../validate';
import { audited } from '../audit/audited';

export function taskRunRoutes(ctx: ServiceContext): Router {
  const r = Router();
  r.post('/', async (req, res) => {
    const run = await taskRuns.createTaskRun(ctx, parseInput(createTaskRunBody, req.body, 'body'));
    res.status(202).location(`/v1/task-runs/${run.id}`).json(run);
  });
  r.get('/', async (req, res) => {
    const page = parseInput(paginationQuery, req.query, 'query');
    const filter = parseInput(listTaskRunsQuery, req.query, 'query');
    res.json(await taskRuns.listTaskRuns(ctx, page, filter));
  });
  r.get('/:id', async (req, res) => {
    res.json(await taskRuns.getTaskRun(ctx, req.params.id));
  });
  r.post('/:id/cancel', audited(ctx, 'task_run.cancel'), async (req, res) => {
    res.json(await taskRuns.cancelTaskRun(ctx, req.params.id));
  });
  r.get('/:id/attempts', async (req, res) => {
    res.json(await taskRuns.listAttempts(ctx, req.params.id));
  });
  return r;
}
