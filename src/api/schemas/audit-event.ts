// Query of GET /v1/audit-events.
import { z } from 'zod';

const when = z.iso.datetime({ offset: true });

export const listAuditEventsQuery = z
  .object({
    actorKeyId: z.string().max(64).optional(),
    resourceId: z.string().max(64).optional(),
    resourceType: z.string().max(64).optional(),
    action: z.string().max(64).optional(),
    /** Bounds on the time of the change, inclusive. */
    from: when.optional(),
    to: when.optional(),
  })
  .refine((f) => !(f.from && f.to && Date.parse(f.from) > Date.parse(f.to)), { message: 'must not be after to', path: ['from'] });

export type ListAuditEventsQuery = z.infer<typeof listAuditEventsQuery>;
