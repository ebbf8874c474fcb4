// edgecron dead-letters list | replay <id> | replay --endpoint … (a dry run first, then a prompt or --yes) | discard <id>
import type { CommandGroup, Context } from '../context';
import { UsageError } from '../exit';
import { fields, table } from '../output';

const FILTERS = ['endpoint', 'event-type', 'reason', 'from', 'to'] as const;
const BODY_KEY: Record<(typeof FILTERS)[number], string> = { endpoint: 'endpointId', 'event-type': 'eventType', reason: 'reason', from: 'from', to: 'to' };
const SHOWN = ['id', 'status', 'reason', 'detail', 'taskRunId', 'endpointId', 'replayTaskRunId', 'createdAt', 'resolvedAt'];

async function replayMatching(ctx: Context, filter: Record<string, string>) {
  const dryRunOnly = ctx.flags.switch('dry-run');
  const yes = ctx.flags.switch('yes');
  ctx.flags.done(0);
  const preview = await ctx.client.deadLetters.replayMatching({ ...filter, dryRun: true });
  const count = Number(preview.count);
  const what = `${count} open dead letter${count === 1 ? '' : 's'}${preview.truncated ? ' (the first of more)' : ''} match ${JSON.stringify(filter)}`;
  if (dryRunOnly || count === 0) return ctx.out.result(preview, [`dry run: ${what}; nothing replayed`]);
  ctx.out.note(`dry run: ${what}`);
  if (!yes) {
    const asked = await ctx.confirm(`Replay ${count}? [y/N] `);
    if (!asked) throw new UsageError(`not replayed: answer y at the prompt, or pass --yes to replay the ${count} without asking`);
  }
  const started = await ctx.client.deadLetters.replayMatching({ ...filter, dryRun: false });
  ctx.out.result(started, () => [`replaying ${String(started.count)} dead letters at ${String(started.ratePerSecond)}/s`, ...fields(started, ['id', 'workflowId', 'temporalUrl'])]);
}

export const deadLetters: CommandGroup = {
  async list(ctx) {
    const query: Record<string, string | number> = { limit: ctx.flags.integer('limit') ?? 20 };
    for (const name of FILTERS) {
      const value = ctx.flags.optional(name);
      if (value) query[BODY_KEY[name]] = value;
    }
    const status = ctx.flags.optional('status');
    if (status) query.status = status;
    ctx.flags.done(0);
    const page = await ctx.client.deadLetters.listPage(query);
    ctx.out.result(page, () => table(['ID', 'STATUS', 'REASON', 'RUN', 'ENDPOINT', 'CREATED'], page.data.map((d) => [d.id, d.status, d.reason, d.taskRunId, d.endpointId, d.createdAt] as string[])));
  },
  async replay(ctx) {
    const filter: Record<string, string> = {};
    for (const name of FILTERS) {
      const value = ctx.flags.optional(name);
      if (value) filter[BODY_KEY[name]] = value;
    }
    const id = ctx.flags.optionalWord(0);
    if (id === undefined) {
      if (Object.keys(filter).length === 0) throw new UsageError('give a dead letter id, or a filter: --endpoint, --event-type, --reason, --from, --to');
      return replayMatching(ctx, filter);
    }
    if (Object.keys(filter).length) throw new UsageError('give a dead letter id or a filter, not both');
    ctx.flags.done(1);
    const replayed = await ctx.client.deadLetters.replay(id);
    const run = replayed.taskRun as { id?: string } | undefined;
    ctx.out.result(replayed, () => [`replayed ${id} as run ${run?.id ?? '?'}; follow it with: edgecron runs get ${run?.id ?? '<run id>'}`]);
  },
  async discard(ctx) {
    const id = ctx.flags.word(0, 'dead letter id');
    ctx.flags.done(1);
    const discarded = await ctx.client.deadLetters.discard(id);
    ctx.out.result(discarded, () => fields(discarded, SHOWN));
  },
};
