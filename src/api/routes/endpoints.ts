// /v1/endpoints: validate, call one service function, shape the response.
import { Router } from 'express';
import type { ApiDeps } from '../api-deps';
import { endpointStats } from '../../services/endpoint-stats';
import * as endpoints from '../../services/endpoints';
import { revealEndpointSecret, rotateEndpointSecret } from '../../services/endpoint-secrets';
import { revealEndpointCredentials } from '../../services/endpoint-credentials';
import { createEndpointBody, endpointStatsQuery, listEndpointsQuery, rotateSecretBody, updateEndpointBody } from '../../contracts/endpoint';
import { optionalBody, parseInput, parseListQuery } from '../validate';
import { audited } from '../audit/audited';
import { principalOf } from '../security/require-api-key';
import { getEndpointTransformation } from '../../services/endpoint-transformation';

export function endpointRoutes(deps: ApiDeps): Router {
  const r = Router();
  r.post('/', audited(deps, 'endpoint.create'), async (req, res) => {
    res.status(201).json(await endpoints.createEndpoint(deps, parseInput(createEndpointBody, req.body, 'body'), principalOf(res)));
  });
  r.get('/', async (req, res) => {
    const { page, filter } = parseListQuery(listEndpointsQuery, req.query);
    res.json(await endpoints.listEndpoints(deps, page, filter));
  });
  r.get('/:id', async (req, res) => {
    res.json(await endpoints.getEndpoint(deps, req.params.id));
  });
  r.get('/:id/stats', async (req, res) => {
    const { windowMinutes } = parseInput(endpointStatsQuery, req.query, 'query');
    res.json(await endpointStats(deps, req.params.id, windowMinutes));
  });
  r.get('/:id/secret', audited(deps, 'endpoint.secret.reveal'), async (req, res) => {
    res.json(await revealEndpointSecret(deps, req.params.id));
  });
  r.get('/:id/credentials', audited(deps, 'endpoint.credentials.reveal'), async (req, res) => {
    res.json(await revealEndpointCredentials(deps, req.params.id));
  });
  r.get('/:id/transformation', async (req, res) => {
    res.json(await getEndpointTransformation(deps, req.params.id));
  });
  r.post('/:id/secret/rotate', audited(deps, 'endpoint.secret.rotate'), async (req, res) => {
    res.json(await rotateEndpointSecret(deps, req.params.id, parseInput(rotateSecretBody, optionalBody(req.body), 'body')));
  });
  r.patch('/:id', audited(deps, 'endpoint.update'), async (req, res) => {
    res.json(await endpoints.updateEndpoint(deps, req.params.id, parseInput(updateEndpointBody, req.body, 'body'), principalOf(res)));
  });
  r.delete('/:id', audited(deps, 'endpoint.delete'), async (req, res) => {
    res.json(await endpoints.deleteEndpoint(deps, req.params.id));
  });
  r.post('/:id/pause', audited(deps, 'endpoint.pause'), async (req, res) => {
    res.json(await endpoints.setEndpointPaused(deps, req.params.id, true));
  });
  r.post('/:id/resume', audited(deps, 'endpoint.resume'), async (req, res) => {
    res.json(await endpoints.setEndpointPaused(deps, req.params.id, false));
  });
  return r;
}
