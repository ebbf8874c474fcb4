// What a client may send to publish events and to list them.
import { z } from 'zod';
import { isEventType, isEventTypePattern } from '../../domain/event-types';
import { jsonPayload } from './common';
import { orderingKey } from './task-run';
import { tenantIdField } from './tenant';

const idempotencyKey = z.string().min(1).max(255).regex(/^[\x21-\x7e]+$/, 'printable ASCII without spaces');
const eventType = z.string().refine(isEventType, 'must be dot-separated names of letters, digits, _ or - (e.g. invoice.paid)');

export const publishEventBody = z.strictObject({
  type: eventType,
  payload: jsonPayload,
  idempotencyKey: idempotencyKey.optional(),
  orderingKey: orderingKey.optional(),
  /** Published for this tenant: only its endpoints receive it. */
  tenantId: tenantIdField.optional(),
});

/** The `Idempotency-Key` header, the usual alternative to the body field. */
export const publishEventHeaders = z.object({ 'Idempotency-Key': idempotencyKey.optional() });

export const listEventsQuery = z
  .object({
    /** An exact type or a pattern (`invoice.*`). */
    type: z.string().refine(isEventTypePattern, 'must be an event type or pattern (invoice.paid, invoice.*, *)').optional(),
    from: z.iso.datetime({ offset: true }).optional(),
    to: z.iso.datetime({ offset: true }).optional(),
    tenantId: tenantIdField.optional(),
  })
  .refine((q) => !(q.from && q.to && Date.parse(q.from) > Date.parse(q.to)), { message: 'must not be after to', path: ['from'] });

export type PublishEventBody = z.infer<typeof publishEventBody>;
export type ListEventsQuery = z.infer<typeof listEventsQuery>;
