// /v1/api-keys: create (key shown once), list, get, revoke, rotate. Full scope only (see auth).
import { Router } from 'express';
import * as apiKeys from '../../services/api-keys';
import type { ApiDeps } from '../api-deps';
import { createApiKeyBody, rotateApiKeyBody } from '../../contracts/api-key';
import { paginationQuery } from '../../contracts/common';
import { optionalBody, parseInput } from '../validate';
import { audited } from '../audit/audited';

export function apiKeyRoutes(deps: ApiDeps): Router {
  const r = Router();
  r.post('/', audited(deps, 'api_key.create'), async (req, res) => {
    res.status(201).json(await apiKeys.createApiKey(deps, parseInput(createApiKeyBody, req.body, 'body')));
  });
  r.get('/', async (req, res) => {
    res.json(await apiKeys.listApiKeys(deps, parseInput(paginationQuery, req.query, 'query')));
  });
  r.get('/:id', async (req, res) => {
    res.json(await apiKeys.getApiKey(deps, req.params.id));
  });
  r.post('/:id/revoke', audited(deps, 'api_key.revoke'), async (req, res) => {
    res.json(await apiKeys.revokeApiKey(deps, req.params.id));
  });
  r.post('/:id/rotate', audited(deps, 'api_key.rotate'), async (req, res) => {
    res.status(201).json(await apiKeys.rotateApiKey(deps, req.params.id, parseInput(rotateApiKeyBody, optionalBody(req.body), 'body')));
  });
  return r;
}
