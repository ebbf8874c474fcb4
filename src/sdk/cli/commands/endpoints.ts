// edgecron endpoints list | create | get | pause | resume
import type { Endpoint, EndpointWithSchedules } from '../../types';
import type { CommandGroup, Context } from '../context';
import { fields, table } from '../output';

const SHOWN = ['id', 'url', 'status', 'eventTypes', 'description', 'ordering', 'createdAt'];
const show = (ctx: Context, endpoint: Endpoint | EndpointWithSchedules) => ctx.out.result(endpoint, () => fields(endpoint, SHOWN));

export const endpoints: CommandGroup = {
  async list(ctx) {
    const limit = ctx.flags.integer('limit') ?? 50;
    ctx.flags.done(0);
    const page = await ctx.client.endpoints.listPage({ limit });
    ctx.out.result(page, () => table(['ID', 'STATUS', 'URL', 'EVENT TYPES'], page.data.map((e) => [e.id, e.status, e.url, e.eventTypes.join(',') || null])));
  },
  async create(ctx) {
    const url = ctx.flags.word(0, 'receiver url');
    const eventTypes = ctx.flags.many('event-type');
    const description = ctx.flags.optional('description');
    const secret = ctx.flags.optional('secret');
    ctx.flags.done(1);
    const endpoint = await ctx.client.endpoints.create({ url, eventTypes, ...(description ? { description } : {}), ...(secret ? { secret } : {}) });
    ctx.out.result(endpoint, () => [...fields(endpoint, [...SHOWN, 'secret']), '', 'The secret is shown once; `edgecron listen --endpoint ' + endpoint.id + '` reads it with your key.']);
  },
  async get(ctx) {
    const id = ctx.flags.word(0, 'endpoint id');
    ctx.flags.done(1);
    show(ctx, await ctx.client.endpoints.get(id));
  },
  async pause(ctx) {
    const id = ctx.flags.word(0, 'endpoint id');
    ctx.flags.done(1);
    show(ctx, await ctx.client.endpoints.pause(id));
  },
  async resume(ctx) {
    const id = ctx.flags.word(0, 'endpoint id');
    ctx.flags.done(1);
    show(ctx, await ctx.client.endpoints.resume(id));
  },
};
