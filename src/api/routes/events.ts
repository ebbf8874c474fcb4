// /v1/events: publish (fanout), read one with its task runs, list.
import { Router } from 'express';
import type { ApiDeps } from '../api-deps';
import { eventView } from '../../services/event-view';
import * as events from '../../services/events';
import { publishEvent } from '../../services/publish-event';
import { paginationQuery } from '../../contracts/common';
import { listEventsQuery, publishEventBody, publishEventHeaders } from '../../contracts/event';
import { parseInput, parseListQuery } from '../validate';

export function eventRoutes(deps: ApiDeps): Router {
  const r = Router();
  r.post('/', async (req, res) => {
    const body = parseInput(publishEventBody, req.body, 'body');
    const headers = parseInput(publishEventHeaders, { 'Idempotency-Key': req.get('idempotency-key') }, 'query');
    const options = { headerKey: headers['Idempotency-Key'], idempotencyKeyHours: deps.idempotencyKeyHours };
    const { replayed, event } = await publishEvent(deps, body, options);
    // 202: the fanout runs on; 200: an earlier publish with the same key, returned as it was stored.
    res.status(replayed ? 200 : 202).location(`/v1/events/${event.id}`).set('Idempotent-Replayed', String(replayed)).json(eventView(deps, event));
  });
  r.get('/', async (req, res) => {
    const { page, filter } = parseListQuery(listEventsQuery, req.query);
    res.json(await events.listEvents(deps, page, filter));
  });
  r.get('/:id', async (req, res) => {
    res.json(await events.getEvent(deps, req.params.id));
  });
  r.get('/:id/task-runs', async (req, res) => {
    res.json(await events.listEventTaskRuns(deps, req.params.id, parseInput(paginationQuery, req.query, 'query')));
  });
  return r;
}
