// /v1/schedules: cron and one-shot triggers, their controls, and the runs they produced.
import { Router } from 'express';
import type { ApiDeps } from '../api-deps';
import * as controls from '../../services/schedule-controls';
import * as schedules from '../../services/schedules';
import { paginationQuery } from '../../contracts/common';
import { createScheduleBody, listSchedulesQuery, pauseScheduleBody, updateScheduleBody } from '../../contracts/schedule';
import { parseInput, parseListQuery } from '../validate';
import { audited } from '../audit/audited';

export function scheduleRoutes(deps: ApiDeps): Router {
  const r = Router();
  r.post('/', audited(deps, 'schedule.create'), async (req, res) => {
    const schedule = await schedules.createSchedule(deps, parseInput(createScheduleBody, req.body, 'body'));
    res.status(201).location(`/v1/schedules/${schedule.id}`).json(schedule);
  });
  r.get('/', async (req, res) => {
    const { page, filter } = parseListQuery(listSchedulesQuery, req.query);
    res.json(await schedules.listSchedules(deps, page, filter));
  });
  r.get('/:id', async (req, res) => {
    res.json(await schedules.getSchedule(deps, req.params.id));
  });
  r.patch('/:id', audited(deps, 'schedule.update'), async (req, res) => {
    res.json(await schedules.updateSchedule(deps, req.params.id, parseInput(updateScheduleBody, req.body, 'body')));
  });
  r.delete('/:id', audited(deps, 'schedule.delete'), async (req, res) => {
    await schedules.deleteSchedule(deps, req.params.id);
    res.status(204).end();
  });
  r.post('/:id/pause', audited(deps, 'schedule.pause'), async (req, res) => {
    const { note } = parseInput(pauseScheduleBody, req.body, 'body');
    res.json(await controls.setSchedulePaused(deps, req.params.id, true, note));
  });
  r.post('/:id/resume', audited(deps, 'schedule.resume'), async (req, res) => {
    res.json(await controls.setSchedulePaused(deps, req.params.id, false));
  });
  r.post('/:id/trigger', audited(deps, 'schedule.trigger'), async (req, res) => {
    res.status(202).json(await controls.triggerSchedule(deps, req.params.id));
  });
  r.get('/:id/runs', async (req, res) => {
    res.json(await controls.listScheduleRuns(deps, req.params.id, parseInput(paginationQuery, req.query, 'query')));
  });
  return r;
}
