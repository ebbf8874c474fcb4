// /v1/endpoints: validate, call one service function, shape the response.
import { Router } from 'express';
import type { ServiceContext } from '../../services/context';
import { endpointStats } from '../../services/endpoint-stats';
import * as endpoints from '../../services/endpoints';
import { revealEndpointSecret, rotateEndpointSecret } from '../../services/endpoint-secrets';
import { paginationQuery } from '../schemas/common';
import { createEndpointBody, endpointStatsQuery, listEndpointsQuery, rotateSecretBody, updateEndpointBody } from '../schemas/endpoint';
import { optionalBody, parseInput } from '../validate';

export function endpointRoutes(ctx: ServiceContext): Router {
  const r = Router();
  r.post('/', async (req, res) => {
    res.status(201).json(await endpoints.createEndpoint(ctx, parseInput(createEndpointBody, req.body, 'body')));
  });
  r.get('/', async (req, res) => {
    const page = parseInput(paginationQuery, req.query, 'query');
    const filter = parseInput(listEndpointsQuery, req.query, 'query');
    res.json(await endpoints.listEndpoints(ctx, page, filter));
  });
  r.get('/:id', async (req, res) => {
    res.json(await endpoints.getEndpoint(ctx, req.params.id));
  });
  r.get('/:id/stats', async (req, res) => {
    const { windowMinutes } = parseInput(endpointStatsQuery, req.query, 'query');
    res.json(await endpointStats(ctx, req.params.id, windowMinutes));
  });
  r.get('/:id/secret', async (req, res) => {
    res.json(await revealEndpointSecret(ctx, req.params.id));
  });
  r.post('/:id/secret/rotate', async (req, res) => {
    res.json(await rotateEndpointSecret(ctx, req.params.id, parseInput(rotateSecretBody, optionalBody(req.body), 'body')));
  });
  r.patch('/:id', async (req, res) => {
    res.json(await endpoints.updateEndpoint(ctx, req.params.id, parseInput(updateEndpointBody, req.body, 'body')));
  });
  r.delete('/:id', async (req, res) => {
    res.json(await endpoints.deleteEndpoint(ctx, req.params.id));
  });
  r.post('/:id/pause', async (req, res) => {
    res.json(await endpoints.setEndpointPaused(ctx, req.params.id, true));
  });
  r.post('/:id/resume', async (req, res) => {
    res.json(await endpoints.setEndpointPaused(ctx, req.params.id, false));
  });
  return r;
}
