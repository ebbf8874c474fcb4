// Query of GET /v1/retry-jobs.
import { z } from 'zod';
import { tenantIdField } from './tenant';

export const listRetryJobsQuery = z.object({
  endpointId: z.string().max(64).optional(),
  tenantId: tenantIdField.optional(),
  limit: z.coerce.number().int().min(1).max(100).default(20),
  cursor: z.string().max(200).optional(),
});

export type ListRetryJobsQuery = z.infer<typeof listRetryJobsQuery>;
