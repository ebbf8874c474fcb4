// /v1/api-keys: create (key shown once), list, get, revoke, rotate. Full scope only (see auth).
import { Router } from 'express';
import * as apiKeys from '../../services/api-keys';
import type { ServiceContext } from '../../services/context';
import { createApiKeyBody, rotateApiKeyBody } from '../../contracts/api-key';
import { paginationQuery } from '../../contracts/common';
import { optionalBody, parseInput } from '../validate';
import { audited } from '../audit/audited';

export function apiKeyRoutes(ctx: ServiceContext): Router {
  const r = Router();
  r.post('/', audited(ctx, 'api_key.create'), async (req, res) => {
    res.status(201).json(await apiKeys.createApiKey(ctx, parseInput(createApiKeyBody, req.body, 'body')));
  });
  r.get('/', async (req, res) => {
    res.json(await apiKeys.listApiKeys(ctx, parseInput(paginationQuery, req.query, 'query')));
  });
  r.get('/:id', async (req, res) => {
    res.json(await apiKeys.getApiKey(ctx, req.params.id));
  });
  r.post('/:id/revoke', audited(ctx, 'api_key.revoke'), async (req, res) => {
    res.json(await apiKeys.revokeApiKey(ctx, req.params.id));
  });
  r.post('/:id/rotate', audited(ctx, 'api_key.rotate'), async (req, res) => {
    res.status(201).json(await apiKeys.rotateApiKey(ctx, req.params.id, parseInput(rotateApiKeyBody, optionalBody(req.body), 'body')));
  });
  return r;
}
