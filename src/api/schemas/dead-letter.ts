// Queries and bodies of /v1/dead-letters.
import { z } from 'zod';
import { tenantIdField } from './tenant';

export const DEAD_LETTER_STATUSES = ['open', 'replayed', 'discarded'] as const;

const when = z.iso.datetime({ offset: true });

/** Which dead letters: shared by the list and the bulk replay. `from`/`to` bound createdAt (inclusive). */
const filterFields = {
  endpointId: z.string().max(64).optional(),
  tenantId: tenantIdField.optional(),
  reason: z.string().max(100).optional(),
  /** The type of the event whose fanout made the run (runs from schedules or the API have none). */
  eventType: z.string().max(200).optional(),
  from: when.optional(),
  to: when.optional(),
};

const fromBeforeTo = (f: { from?: string; to?: string }) => !(f.from && f.to && Date.parse(f.from) > Date.parse(f.to));

export const listDeadLettersQuery = z
  .object({ ...filterFields, status: z.enum(DEAD_LETTER_STATUSES).optional(), taskRunId: z.string().max(64).optional() })
  .refine(fromBeforeTo, { message: 'must not be after to', path: ['from'] });

export const bulkReplayBody = z
  .strictObject({ ...filterFields, dryRun: z.boolean().default(false) })
  .refine(fromBeforeTo, { message: 'must not be after to', path: ['from'] });

export type ListDeadLettersQuery = z.infer<typeof listDeadLettersQuery>;
export type BulkReplayBody = z.infer<typeof bulkReplayBody>;
export type DeadLetterFilter = Omit<ListDeadLettersQuery, 'status' | 'taskRunId'>;
