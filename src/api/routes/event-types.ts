// /v1/event-types: the catalog. Reads for every key; writes for installation keys (tenant-gate.ts).
import { Router } from 'express';
import type { ApiDeps } from '../api-deps';
import * as eventTypes from '../../services/event-types/event-types';
import { createEventTypeBody, listEventTypesQuery, updateEventTypeBody } from '../../contracts/event-type-catalog';
import { parseInput } from '../validate';
import { audited } from '../audit/audited';

export function eventTypeRoutes(deps: ApiDeps): Router {
  const r = Router();
  r.post('/', audited(deps, 'event_type.create', { resourceType: 'event_type' }), async (req, res) => {
    res.status(201).json(await eventTypes.createEventType(deps, parseInput(createEventTypeBody, req.body, 'body')));
  });
  r.get('/', async (req, res) => {
    res.json(await eventTypes.listEventTypes(deps, parseInput(listEventTypesQuery, req.query, 'query')));
  });
  r.get('/:id', async (req, res) => {
    res.json(await eventTypes.getEventType(deps, req.params.id));
  });
  r.patch('/:id', audited(deps, 'event_type.update', { resourceType: 'event_type' }), async (req, res) => {
    res.json(await eventTypes.updateEventType(deps, req.params.id, parseInput(updateEventTypeBody, req.body, 'body')));
  });
  r.delete('/:id', audited(deps, 'event_type.delete', { resourceType: 'event_type' }), async (req, res) => {
    await eventTypes.deleteEventType(deps, req.params.id);
    res.status(204).end();
  });
  return r;
}
