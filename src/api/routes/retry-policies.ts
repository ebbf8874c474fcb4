// /v1/retry-policies: validate, call one service function, shape the response.
import { Router } from 'express';
import type { ServiceContext } from '../../services/context';
import * as policies from '../../services/retry-policies';
import { paginationQuery } from '../../contracts/common';
import { createRetryPolicyBody, updateRetryPolicyBody } from '../../contracts/retry-policy';
import { parseInput } from '../validate';
import { audited } from '../audit/audited';

export function retryPolicyRoutes(ctx: ServiceContext): Router {
  const r = Router();
  r.post('/', audited(ctx, 'retry_policy.create'), async (req, res) => {
    res.status(201).json(await policies.createRetryPolicy(ctx, parseInput(createRetryPolicyBody, req.body, 'body')));
  });
  r.get('/', async (req, res) => {
    res.json(await policies.listRetryPolicies(ctx, parseInput(paginationQuery, req.query, 'query')));
  });
  r.get('/:id', async (req, res) => {
    res.json(await policies.getRetryPolicy(ctx, req.params.id));
  });
  r.patch('/:id', audited(ctx, 'retry_policy.update'), async (req, res) => {
    res.json(await policies.updateRetryPolicy(ctx, req.params.id, parseInput(updateRetryPolicyBody, req.body, 'body')));
  });
  r.delete('/:id', audited(ctx, 'retry_policy.delete'), async (req, res) => {
    await policies.deleteRetryPolicy(ctx, req.params.id);
    res.status(204).end();
  });
  return r;
}
