// edgecron send --endpoint ep_… --payload '{…}': one task run; --wait follows it to its final status,
// --until <status,…> to one of those (e.g. retry_scheduled).
import type { TaskRun } from '../../types';
import type { Context } from '../context';
import { jsonFlag } from '../args';
import { UsageError } from '../exit';
import { fields } from '../output';

export const RUN_FIELDS = ['id', 'endpointId', 'status', 'statusReason', 'trigger', 'attemptCount', 'nextAttemptAt', 'webhookId', 'createdAt', 'finishedAt', 'temporalUrl'];

export async function send(ctx: Context) {
  const endpointId = ctx.flags.required('endpoint', 'endpoint id');
  const payload = await jsonFlag(ctx.flags, 'payload', ctx.readFile);
  if (payload === undefined) throw new UsageError('--payload <json> is required (or --payload @file.json)');
  const delayMs = ctx.flags.integer('delay-ms');
  const runAt = ctx.flags.optional('run-at');
  const orderingKey = ctx.flags.optional('ordering-key');
  const until = ctx.flags.optional('until')?.split(',') as TaskRun['status'][] | undefined;
  const wait = ctx.flags.switch('wait') || until !== undefined;
  ctx.flags.done(0);
  let run = await ctx.client.taskRuns.create({
    endpointId,
    payload: payload as never,
    ...(delayMs !== undefined ? { delayMs } : {}),
    ...(runAt ? { runAt } : {}),
    ...(orderingKey ? { orderingKey } : {}),
  });
  if (wait) {
    ctx.out.note(`${run.id} accepted; waiting for ${until ? until.join(' or ') : 'its final status'}…`);
    run = await ctx.client.taskRuns.wait(run.id, { timeoutMs: 5 * 60_000, ...(until ? { until } : {}) });
  }
  ctx.out.result(run, () => fields(run, RUN_FIELDS));
}
