// /v1/dead-letters: list, get, replay one, discard one, bulk replay by filter.
import { Router } from 'express';
import type { ApiDeps } from '../api-deps';
import * as deadLetters from '../../services/dead-letters';
import { bulkReplayBody, listDeadLettersQuery } from '../../contracts/dead-letter';
import { optionalBody, parseInput, parseListQuery } from '../validate';
import { audited } from '../audit/audited';

export function deadLetterRoutes(deps: ApiDeps): Router {
  const r = Router();
  r.get('/', async (req, res) => {
    const { page, filter } = parseListQuery(listDeadLettersQuery, req.query);
    res.json(await deadLetters.listDeadLetters(deps, page, filter));
  });
  // A dry run, or a filter that matched nothing, changes nothing: no record.
  const bulk = audited(deps, 'dead_letter.bulk_replay', { resourceType: 'dead_letter_replay', skip: (a) => a?.dryRun !== false });
  r.post('/replay', bulk, async (req, res) => {
    const result = await deadLetters.bulkReplayDeadLetters(deps, parseInput(bulkReplayBody, optionalBody(req.body), 'body'), deps.replayRatePerSecond);
    res.status(result.dryRun ? 200 : 202).json(result);
  });
  r.get('/replays/:id', async (req, res) => {
    res.json(await deadLetters.getBulkReplay(deps, req.params.id));
  });
  r.get('/:id', async (req, res) => {
    res.json(await deadLetters.getDeadLetter(deps, req.params.id));
  });
  r.post('/:id/replay', audited(deps, 'dead_letter.replay'), async (req, res) => {
    const result = await deadLetters.replayOneDeadLetter(deps, req.params.id);
    res.status(202).location(`/v1/task-runs/${result.taskRun.id}`).json(result);
  });
  r.post('/:id/discard', audited(deps, 'dead_letter.discard'), async (req, res) => {
    res.json(await deadLetters.discardDeadLetter(deps, req.params.id));
  });
  return r;
}
