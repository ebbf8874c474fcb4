// /v1/schedules: cron and one-shot triggers, their controls, and the runs they produced.
import { Router } from 'express';
import type { ServiceContext } from '../../services/context';
import * as controls from '../../services/schedule-controls';
import * as schedules from '../../services/schedules';
import { paginationQuery } from '../../contracts/common';
import { createScheduleBody, listSchedulesQuery, pauseScheduleBody, updateScheduleBody } from '../../contracts/schedule';
import { parseInput } from '../validate';
import { audited } from '../audit/audited';

export function scheduleRoutes(ctx: ServiceContext): Router {
  const r = Router();
  r.post('/', audited(ctx, 'schedule.create'), async (req, res) => {
    const schedule = await schedules.createSchedule(ctx, parseInput(createScheduleBody, req.body, 'body'));
    res.status(201).location(`/v1/schedules/${schedule.id}`).json(schedule);
  });
  r.get('/', async (req, res) => {
    const page = parseInput(paginationQuery, req.query, 'query');
    const filter = parseInput(listSchedulesQuery, req.query, 'query');
    res.json(await schedules.listSchedules(ctx, page, filter));
  });
  r.get('/:id', async (req, res) => {
    res.json(await schedules.getSchedule(ctx, req.params.id));
  });
  r.patch('/:id', audited(ctx, 'schedule.update'), async (req, res) => {
    res.json(await schedules.updateSchedule(ctx, req.params.id, parseInput(updateScheduleBody, req.body, 'body')));
  });
  r.delete('/:id', audited(ctx, 'schedule.delete'), async (req, res) => {
    await schedules.deleteSchedule(ctx, req.params.id);
    res.status(204).end();
  });
  r.post('/:id/pause', audited(ctx, 'schedule.pause'), async (req, res) => {
    const { note } = parseInput(pauseScheduleBody, req.body, 'body');
    res.json(await controls.setSchedulePaused(ctx, req.params.id, true, note));
  });
  r.post('/:id/resume', audited(ctx, 'schedule.resume'), async (req, res) => {
    res.json(await controls.setSchedulePaused(ctx, req.params.id, false));
  });
  r.post('/:id/trigger', audited(ctx, 'schedule.trigger'), async (req, res) => {
    res.status(202).json(await controls.triggerSchedule(ctx, req.params.id));
  });
  r.get('/:id/runs', async (req, res) => {
    res.json(await controls.listScheduleRuns(ctx, req.params.id, parseInput(paginationQuery, req.query, 'query')));
  });
  return r;
}
