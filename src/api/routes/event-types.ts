// /v1/event-types: the catalog. Reads for every key; writes for installation keys (tenant-gate.ts).
import { Router } from 'express';
import type { ServiceContext } from '../../services/context';
import * as eventTypes from '../../services/event-types/event-types';
import { createEventTypeBody, listEventTypesQuery, updateEventTypeBody } from '../../contracts/event-type-catalog';
import { parseInput } from '../validate';
import { audited } from '../audit/audited';

export function eventTypeRoutes(ctx: ServiceContext): Router {
  const r = Router();
  r.post('/', audited(ctx, 'event_type.create', { resourceType: 'event_type' }), async (req, res) => {
    res.status(201).json(await eventTypes.createEventType(ctx, parseInput(createEventTypeBody, req.body, 'body')));
  });
  r.get('/', async (req, res) => {
    res.json(await eventTypes.listEventTypes(ctx, parseInput(listEventTypesQuery, req.query, 'query')));
  });
  r.get('/:id', async (req, res) => {
    res.json(await eventTypes.getEventType(ctx, req.params.id));
  });
  r.patch('/:id', audited(ctx, 'event_type.update', { resourceType: 'event_type' }), async (req, res) => {
    res.json(await eventTypes.updateEventType(ctx, req.params.id, parseInput(updateEventTypeBody, req.body, 'body')));
  });
  r.delete('/:id', audited(ctx, 'event_type.delete', { resourceType: 'event_type' }), async (req, res) => {
    await eventTypes.deleteEventType(ctx, req.params.id);
    res.status(204).end();
  });
  return r;
}
