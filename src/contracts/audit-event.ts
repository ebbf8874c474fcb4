// Query of GET /v1/audit-events.
import { z } from 'zod';
import { listQuery, queryText, type ListFilter } from './common';

const when = z.iso.datetime({ offset: true });

export const listAuditEventsQuery = listQuery({
  actorKeyId: queryText(64).optional(),
  resourceId: queryText(64).optional(),
  resourceType: queryText(64).optional(),
  action: queryText(64).optional(),
  /** Bounds on the time of the change, inclusive; `from` after `to` is an empty range, as in every list. */
  from: when.optional(),
  to: when.optional(),
});

export type ListAuditEventsQuery = ListFilter<typeof listAuditEventsQuery>;
