// edgecron schedules list | create | pause | resume | trigger
import type { Schedule } from '../../types';
import type { CommandGroup, Context } from '../context';
import { jsonFlag } from '../args';
import { UsageError } from '../exit';
import { fields, table } from '../output';

const SHOWN = ['id', 'endpointId', 'kind', 'cron', 'timezone', 'runAt', 'paused', 'nextFireTimes', 'createdAt'];
const show = (ctx: Context, schedule: Schedule) => ctx.out.result(schedule, () => fields(schedule, SHOWN));

export const schedules: CommandGroup = {
  async list(ctx) {
    const endpointId = ctx.flags.optional('endpoint');
    const limit = ctx.flags.integer('limit') ?? 50;
    ctx.flags.done(0);
    const page = await ctx.client.schedules.listPage({ limit, ...(endpointId ? { endpointId } : {}) });
    ctx.out.result(page, () => table(['ID', 'KIND', 'WHEN', 'PAUSED', 'ENDPOINT'], page.data.map((s) => [s.id, s.kind, s.cron ?? s.runAt, s.paused ? 'yes' : 'no', s.endpointId])));
  },
  async create(ctx) {
    const endpointId = ctx.flags.required('endpoint', 'endpoint id');
    const cron = ctx.flags.optional('cron');
    const runAt = ctx.flags.optional('run-at');
    const timezone = ctx.flags.optional('timezone');
    const payload = await jsonFlag(ctx.flags, 'payload', ctx.readFile);
    if (payload === undefined) throw new UsageError('--payload <json> is required (or --payload @file.json)');
    if (!cron === !runAt) throw new UsageError('give --cron "<pattern>" or --run-at <ISO time>, one of the two');
    ctx.flags.done(0);
    const schedule = await ctx.client.schedules.create({
      endpointId,
      payload: payload as never,
      ...(cron ? { cron } : {}),
      ...(runAt ? { runAt } : {}),
      ...(timezone ? { timezone } : {}),
    });
    show(ctx, schedule);
  },
  async pause(ctx) {
    const id = ctx.flags.word(0, 'schedule id');
    const note = ctx.flags.optional('note');
    ctx.flags.done(1);
    show(ctx, await ctx.client.schedules.pause(id, note ? { note } : {}));
  },
  async resume(ctx) {
    const id = ctx.flags.word(0, 'schedule id');
    ctx.flags.done(1);
    show(ctx, await ctx.client.schedules.resume(id));
  },
  async trigger(ctx) {
    const id = ctx.flags.word(0, 'schedule id');
    ctx.flags.done(1);
    const fired = await ctx.client.schedules.trigger(id);
    ctx.out.result(fired, () => [`triggered ${id}`, ...(fired && typeof fired === 'object' ? fields(fired as Record<string, unknown>, Object.keys(fired)) : [])]);
  },
};
