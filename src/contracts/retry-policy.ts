// What a client may send to create or change a retry policy. The cross-field rule (exponential needs a
// coefficient > 1) is checked on the body and again on the merged result, so a PATCH cannot break it.
import { z } from 'zod';
import { nonEmpty } from './cross-field';
import { NOT_BLANK } from './common';

export const STRATEGIES = ['fixed', 'linear', 'exponential'] as const;

const DAY_MS = 24 * 3600 * 1000;
const intervalMs = z.number().int().min(1).max(7 * DAY_MS);

const fields = {
  name: z.string().trim().min(1).max(200).regex(NOT_BLANK, 'must not be blank'),
  strategy: z.enum(STRATEGIES),
  initialIntervalMs: intervalMs,
  maxIntervalMs: intervalMs,
  coefficient: z.number().min(1).max(100),
  maxAttempts: z.number().int().min(1).max(100),
  jitterRatio: z.number().min(0).max(1),
  isDefault: z.boolean(),
};

/** Exponential backoff needs a coefficient above 1 (1 would be fixed backoff). */
const exponentialCoefficient = (b: { strategy?: string; coefficient?: number }) =>
  !(b.strategy === 'exponential' && b.coefficient !== undefined && !(b.coefficient > 1));
const EXPONENTIAL_COEFFICIENT_MESSAGE = 'must be > 1 for exponential';
/** The same rule in JSON Schema, for the document. */
const EXPONENTIAL_COEFFICIENT_SCHEMA = {
  if: { properties: { strategy: { const: 'exponential' } }, required: ['strategy'] },
  then: { properties: { coefficient: { exclusiveMinimum: 1 } } },
};

/**
 * `maxIntervalMs` caps every wait; one below `initialIntervalMs` is raised to it (the answer shows the
 * value kept), so no pair of valid numbers is refused.
 */
export const createRetryPolicyBody = z
  .strictObject({
    ...fields,
    maxIntervalMs: fields.maxIntervalMs.optional(),
    coefficient: fields.coefficient.default(2),
    jitterRatio: fields.jitterRatio.default(0),
    isDefault: fields.isDefault.default(false),
  })
  .refine(exponentialCoefficient, { message: EXPONENTIAL_COEFFICIENT_MESSAGE, path: ['coefficient'] })
  .meta(EXPONENTIAL_COEFFICIENT_SCHEMA)
  .transform((b) => ({ ...b, maxIntervalMs: Math.max(b.maxIntervalMs ?? 3_600_000, b.initialIntervalMs) }));

/** Checked again on the policy as it would become: a clash with stored fields is a 409 (see the service). */
export const updateRetryPolicyBody = nonEmpty(
  z.strictObject({
    name: fields.name.optional(),
    strategy: fields.strategy.optional(),
    initialIntervalMs: fields.initialIntervalMs.optional(),
    maxIntervalMs: fields.maxIntervalMs.optional(),
    coefficient: fields.coefficient.optional(),
    maxAttempts: fields.maxAttempts.optional(),
    jitterRatio: fields.jitterRatio.optional(),
    isDefault: fields.isDefault.optional(),
  })
    .refine(exponentialCoefficient, { message: EXPONENTIAL_COEFFICIENT_MESSAGE, path: ['coefficient'] })
    .meta(EXPONENTIAL_COEFFICIENT_SCHEMA),
);

export { exponentialCoefficient, EXPONENTIAL_COEFFICIENT_MESSAGE };

export type CreateRetryPolicyBody = z.infer<typeof createRetryPolicyBody>;
export type UpdateRetryPolicyBody = z.infer<typeof updateRetryPolicyBody>;
