// /v1/dead-letters: list, get, replay one, discard one, bulk replay by filter.
import { Router } from 'express';
import type { ServiceContext } from '../../services/context';
import * as deadLetters from '../../services/dead-letters';
import { paginationQuery } from '../../contracts/common';
import { bulkReplayBody, listDeadLettersQuery } from '../../contracts/dead-letter';
import { optionalBody, parseInput } from '../validate';
import { audited } from '../audit/audited';

export function deadLetterRoutes(ctx: ServiceContext): Router {
  const r = Router();
  r.get('/', async (req, res) => {
    const page = parseInput(paginationQuery, req.query, 'query');
    const filter = parseInput(listDeadLettersQuery, req.query, 'query');
    res.json(await deadLetters.listDeadLetters(ctx, page, filter));
  });
  // A dry run, or a filter that matched nothing, changes nothing: no record.
  const bulk = audited(ctx, 'dead_letter.bulk_replay', { resourceType: 'dead_letter_replay', skip: (a) => a?.dryRun !== false });
  r.post('/replay', bulk, async (req, res) => {
    const result = await deadLetters.bulkReplayDeadLetters(ctx, parseInput(bulkReplayBody, optionalBody(req.body), 'body'));
    res.status(result.dryRun ? 200 : 202).json(result);
  });
  r.get('/replays/:id', async (req, res) => {
    res.json(await deadLetters.getBulkReplay(ctx, req.params.id));
  });
  r.get('/:id', async (req, res) => {
    res.json(await deadLetters.getDeadLetter(ctx, req.params.id));
  });
  r.post('/:id/replay', audited(ctx, 'dead_letter.replay'), async (req, res) => {
    const result = await deadLetters.replayOneDeadLetter(ctx, req.params.id);
    res.status(202).location(`/v1/task-runs/${result.taskRun.id}`).json(result);
  });
  r.post('/:id/discard', audited(ctx, 'dead_letter.discard'), async (req, res) => {
    res.json(await deadLetters.discardDeadLetter(ctx, req.params.id));
  });
  return r;
}
