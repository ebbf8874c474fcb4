// Queries and bodies of /v1/dead-letters.
import { z } from 'zod';
import { tenantIdField } from './tenant';
import { idFilter, listQuery, queryText, type ListFilter } from './common';
import { eventType } from './event-type';

export const DEAD_LETTER_STATUSES = ['open', 'replayed', 'discarded'] as const;

const when = z.iso.datetime({ offset: true });

/**
 * Which dead letters: shared by the list and the bulk replay. `from`/`to` bound createdAt (inclusive);
 * `from` after `to` is an empty range, matching nothing.
 */
const filterFields = {
  endpointId: idFilter.optional(),
  tenantId: tenantIdField.optional(),
  reason: queryText(100).optional(),
  /** The type of the event whose fanout made the run (runs from schedules or the API have none). */
  eventType: eventType.optional(),
  from: when.optional(),
  to: when.optional(),
};

export const listDeadLettersQuery = listQuery({ ...filterFields, status: z.enum(DEAD_LETTER_STATUSES).optional(), taskRunId: idFilter.optional() });

export const bulkReplayBody = z.strictObject({ ...filterFields, dryRun: z.boolean().default(false) });

export type ListDeadLettersQuery = ListFilter<typeof listDeadLettersQuery>;
export type BulkReplayBody = z.infer<typeof bulkReplayBody>;
export type DeadLetterFilter = Omit<ListDeadLettersQuery, 'status' | 'taskRunId'>;
