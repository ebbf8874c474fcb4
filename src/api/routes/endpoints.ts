// /v1/endpoints: validate, call one service function, shape the response.
import { Router } from 'express';
import type { ServiceContext } from '../../services/context';
import { endpointStats } from '../../services/endpoint-stats';
import * as endpoints from '../../services/endpoints';
import { revealEndpointSecret, rotateEndpointSecret } from '../../services/endpoint-secrets';
import { revealEndpointCredentials } from '../../services/endpoint-credentials';
import { paginationQuery } from '../../contracts/common';
import { createEndpointBody, endpointStatsQuery, listEndpointsQuery, rotateSecretBody, updateEndpointBody } from '../../contracts/endpoint';
import { optionalBody, parseInput } from '../validate';
import { audited } from '../audit/audited';

export function endpointRoutes(ctx: ServiceContext): Router {
  const r = Router();
  r.post('/', audited(ctx, 'endpoint.create'), async (req, res) => {
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
  r.get('/:id/secret', audited(ctx, 'endpoint.secret.reveal'), async (req, res) => {
    res.json(await revealEndpointSecret(ctx, req.params.id));
  });
  r.get('/:id/credentials', audited(ctx, 'endpoint.credentials.reveal'), async (req, res) => {
    res.json(await revealEndpointCredentials(ctx, req.params.id));
  });
  r.post('/:id/secret/rotate', audited(ctx, 'endpoint.secret.rotate'), async (req, res) => {
    res.json(await rotateEndpointSecret(ctx, req.params.id, parseInput(rotateSecretBody, optionalBody(req.body), 'body')));
  });
  r.patch('/:id', audited(ctx, 'endpoint.update'), async (req, res) => {
    res.json(await endpoints.updateEndpoint(ctx, req.params.id, parseInput(updateEndpointBody, req.body, 'body')));
  });
  r.delete('/:id', audited(ctx, 'endpoint.delete'), async (req, res) => {
    res.json(await endpoints.deleteEndpoint(ctx, req.params.id));
  });
  r.post('/:id/pause', audited(ctx, 'endpoint.pause'), async (req, res) => {
    res.json(await endpoints.setEndpointPaused(ctx, req.params.id, true));
  });
  r.post('/:id/resume', audited(ctx, 'endpoint.resume'), async (req, res) => {
    res.json(await endpoints.setEndpointPaused(ctx, req.params.id, false));
  });
  return r;
}
