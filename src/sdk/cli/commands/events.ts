// edgecron events publish --type invoice.paid --payload '{…}': fans out to every subscribed endpoint.
import type { CommandGroup } from '../context';
import { jsonFlag } from '../args';
import { UsageError } from '../exit';
import { fields } from '../output';

export const events: CommandGroup = {
  async publish(ctx) {
    const type = ctx.flags.required('type', 'event type');
    const payload = await jsonFlag(ctx.flags, 'payload', ctx.readFile);
    if (payload === undefined) throw new UsageError('--payload <json> is required (or --payload @file.json)');
    const idempotencyKey = ctx.flags.optional('idempotency-key');
    ctx.flags.done(0);
    const event = await ctx.client.events.publish({ type, payload }, idempotencyKey ? { idempotencyKey } : {});
    ctx.out.result(event, () => [...fields(event, ['id', 'type', 'createdAt']), '', `Its runs: edgecron runs list --event ${String(event.id)}`]);
  },
};
