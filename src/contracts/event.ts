// What a client may send to publish events and to list them.
import { z } from 'zod';
import { jsonPayload, listQuery, type ListFilter } from './common';
import { eventType, eventTypePattern } from './event-type';
import { orderingKey } from './task-run';
import { tenantIdField } from './tenant';

const idempotencyKey = z.string().min(1).max(255).regex(/^[\x21-\x7e]+$/, 'printable ASCII without spaces');

export const publishEventBody = z.strictObject({
  type: eventType,
  payload: jsonPayload,
  idempotencyKey: idempotencyKey.optional(),
  orderingKey: orderingKey.optional(),
  /** Published for this tenant: only its endpoints receive it. */
  tenantId: tenantIdField.optional(),
});

/** The `Idempotency-Key` header, the usual alternative to the body field. */
export const publishEventHeaders = z.object({
  'Idempotency-Key': idempotencyKey.optional().describe('The same key as the body field `idempotencyKey`, for clients that send keys as headers; when both are sent they must be equal.'),
});

/** `from` after `to` is an empty range: no events. */
export const listEventsQuery = listQuery({
  /** An exact type or a pattern (`invoice.*`). */
  type: eventTypePattern.optional(),
  from: z.iso.datetime({ offset: true }).optional(),
  to: z.iso.datetime({ offset: true }).optional(),
  tenantId: tenantIdField.optional(),
  sourceId: z.string().regex(/^src_[0-9a-z]{26}$/, 'not a source id (src_…)').optional(),
});

export type PublishEventBody = z.infer<typeof publishEventBody>;
export type ListEventsQuery = ListFilter<typeof listEventsQuery>;
