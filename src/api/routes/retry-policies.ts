// /v1/retry-policies: validate, call one service function, shape the response.
import { Router } from 'express';
import type { ApiDeps } from '../api-deps';
import * as policies from '../../services/retry-policies';
import { paginationQuery } from '../../contracts/common';
import { createRetryPolicyBody, updateRetryPolicyBody } from '../../contracts/retry-policy';
import { parseInput } from '../validate';
import { audited } from '../audit/audited';

export function retryPolicyRoutes(deps: ApiDeps): Router {
  const r = Router();
  r.post('/', audited(deps, 'retry_policy.create'), async (req, res) => {
    res.status(201).json(await policies.createRetryPolicy(deps, parseInput(createRetryPolicyBody, req.body, 'body')));
  });
  r.get('/', async (req, res) => {
    res.json(await policies.listRetryPolicies(deps, parseInput(paginationQuery, req.query, 'query')));
  });
  r.get('/:id', async (req, res) => {
    res.json(await policies.getRetryPolicy(deps, req.params.id));
  });
  r.patch('/:id', audited(deps, 'retry_policy.update'), async (req, res) => {
    res.json(await policies.updateRetryPolicy(deps, req.params.id, parseInput(updateRetryPolicyBody, req.body, 'body')));
  });
  r.delete('/:id', audited(deps, 'retry_policy.delete'), async (req, res) => {
    await policies.deleteRetryPolicy(deps, req.params.id);
    res.status(204).end();
  });
  return r;
}
