// Query of GET /v1/retry-jobs.
import { z } from 'zod';
import { tenantIdField } from './tenant';
import { idFilter } from './common';

export const listRetryJobsQuery = z.strictObject({
  endpointId: idFilter.optional(),
  tenantId: tenantIdField.optional(),
  limit: z.coerce.number().int().min(1).max(100).default(20),
  /** `<due time in ms>.<run id>` of the last job of the previous page. */
  cursor: z.string().regex(/^\d{1,15}\.[0-9a-z_]{1,64}$/, 'not a cursor of this list').optional(),
});

export type ListRetryJobsQuery = z.infer<typeof listRetryJobsQuery>;
