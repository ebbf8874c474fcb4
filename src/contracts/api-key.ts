// What a client may send to create or rotate an API key.
import { z } from 'zod';
import { NOT_BLANK } from './common';
import { tenantIdField } from './tenant';

const WEEK_SECONDS = 7 * 24 * 3600;

export const createApiKeyBody = z.strictObject({
  name: z.string().trim().min(1).max(100).regex(NOT_BLANK, 'must not be blank'),
  /** Least privilege by default. */
  scope: z.enum(['read', 'full']).default('read'),
  expiresAt: z.iso.datetime({ offset: true }).optional(),
  /** A tenant key: it sees and changes only this tenant's resources. */
  tenantId: tenantIdField.optional(),
});

/** The old key keeps working for `gracePeriodSeconds` (default 24 h) so clients can switch over. */
export const rotateApiKeyBody = z.strictObject({
  gracePeriodSeconds: z.number().int().min(0).max(WEEK_SECONDS).default(24 * 3600),
});

export type CreateApiKeyBody = z.infer<typeof createApiKeyBody>;
export type RotateApiKeyBody = z.infer<typeof rotateApiKeyBody>;
