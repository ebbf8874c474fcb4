// /v1/events: publish (fanout), read one with its task runs, list.
import { Router } from 'express';
import type { ServiceContext } from '../../services/context';
import * as events from '../../services/events';
import { publishEvent } from '../../services/publish-event';
import { paginationQuery } from '../../contracts/common';
import { listEventsQuery, publishEventBody, publishEventHeaders } from '../../contracts/event';
import { parseInput } from '../validate';

export function eventRoutes(ctx: ServiceContext): Router {
  const r = Router();
  r.post('/', async (req, res) => {
    const body = parseInput(publishEventBody, req.body, 'body');
    const headers = parseInput(publishEventHeaders, { 'Idempotency-Key': req.get('idempotency-key') }, 'query');
    const { replayed, event } = await publishEvent(ctx, body, headers['Idempotency-Key']);
    // 202: the fanout runs on; 200: an earlier publish with the same key, returned as it was stored.
    res.status(replayed ? 200 : 202).location(`/v1/events/${event.id}`).set('Idempotent-Replayed', String(replayed)).json(event);
  });
  r.get('/', async (req, res) => {
    const page = parseInput(paginationQuery, req.query, 'query');
    const filter = parseInput(listEventsQuery, req.query, 'query');
    res.json(await events.listEvents(ctx, page, filter));
  });
  r.get('/:id', async (req, res) => {
    res.json(await events.getEvent(ctx, req.params.id));
  });
  r.get('/:id/task-runs', async (req, res) => {
    res.json(await events.listEventTaskRuns(ctx, req.params.id, parseInput(paginationQuery, req.query, 'query')));
  });
  return r;
}
