// /v1/sources: inbound webhook sources. Validate, call one service function, shape the response.
import { Router, type Request } from 'express';
import type { ApiDeps } from '../api-deps';
import * as sources from '../../services/sources/sources';
import { revealSourceSecret, rotateSourceSecret } from '../../services/sources/source-secrets';
import { listSourceRequests } from '../../services/sources/source-requests';
import { paginationQuery } from '../../contracts/common';
import { createSourceBody, rotateSourceSecretBody, updateSourceBody } from '../../contracts/source';
import { parseInput } from '../validate';
import { audited } from '../audit/audited';

/** The base of ingest URLs: EDGECRON_PUBLIC_URL, else the host this request came to. */
export const ingestBase = (publicUrl: string | undefined) => (req: Request) => publicUrl ?? `${req.protocol}://${req.get('host')}`;

export function sourceRoutes(deps: ApiDeps, publicUrl: string | undefined): Router {
  const r = Router();
  const base = ingestBase(publicUrl);
  r.post('/', audited(deps, 'source.create'), async (req, res) => {
    res.status(201).json(await sources.createSource(deps, parseInput(createSourceBody, req.body, 'body'), base(req)));
  });
  r.get('/', async (req, res) => {
    res.json(await sources.listSources(deps, parseInput(paginationQuery, req.query, 'query'), base(req)));
  });
  r.get('/:id', async (req, res) => {
    res.json(await sources.getSource(deps, req.params.id, base(req)));
  });
  r.patch('/:id', audited(deps, 'source.update'), async (req, res) => {
    res.json(await sources.updateSource(deps, req.params.id, parseInput(updateSourceBody, req.body, 'body'), base(req)));
  });
  r.delete('/:id', audited(deps, 'source.delete'), async (req, res) => {
    res.json(await sources.deleteSource(deps, req.params.id));
  });
  r.post('/:id/disable', audited(deps, 'source.disable'), async (req, res) => {
    res.json(await sources.setSourceDisabled(deps, req.params.id, true, base(req)));
  });
  r.post('/:id/enable', audited(deps, 'source.enable'), async (req, res) => {
    res.json(await sources.setSourceDisabled(deps, req.params.id, false, base(req)));
  });
  r.get('/:id/secret', audited(deps, 'source.secret.reveal'), async (req, res) => {
    res.json(await revealSourceSecret(deps, req.params.id));
  });
  r.post('/:id/secret/rotate', audited(deps, 'source.secret.rotate'), async (req, res) => {
    res.json(await rotateSourceSecret(deps, req.params.id, parseInput(rotateSourceSecretBody, req.body, 'body')));
  });
  r.get('/:id/requests', async (req, res) => {
    res.json(await listSourceRequests(deps, req.params.id, parseInput(paginationQuery, req.query, 'query')));
  });
  return r;
}
