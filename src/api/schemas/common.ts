// Shared input pieces: pagination and JSON payloads.
import { z } from 'zod';

export const paginationQuery = z.object({
  limit: z.coerce.number().int().min(1).max(100).default(20),
  cursor: z.string().max(64).optional(),
});

export type Pagination = z.infer<typeof paginationQuery>;

/** Any JSON value that can be sent as a webhook body. */
export const jsonPayload = z.json();
