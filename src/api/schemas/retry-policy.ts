// What a client may send to create or change a retry policy. Cross-field rules (maximum >= initial,
// exponential needs a coefficient > 1) are checked on the merged result, so a PATCH cannot break them.
import { z } from 'zod';

export const STRATEGIES = ['fixed', 'linear', 'exponential'] as const;

const DAY_MS = 24 * 3600 * 1000;
const intervalMs = z.number().int().min(1).max(7 * DAY_MS);

const fields = {
  name: z.string().trim().min(1).max(200),
  strategy: z.enum(STRATEGIES),
  initialIntervalMs: intervalMs,
  maxIntervalMs: intervalMs,
  coefficient: z.number().min(1).max(100),
  maxAttempts: z.number().int().min(1).max(100),
  jitterRatio: z.number().min(0).max(1),
  isDefault: z.boolean(),
};

export interface RetryPolicyShape {
  strategy: (typeof STRATEGIES)[number];
  initialIntervalMs: number;
  maxIntervalMs: number;
  coefficient: number;
}

/** Rules that span fields; returns the problems as zod would name them. */
export function crossFieldProblems(p: RetryPolicyShape): Array<{ field: string; message: string }> {
  const problems: Array<{ field: string; message: string }> = [];
  if (p.maxIntervalMs < p.initialIntervalMs) problems.push({ field: 'maxIntervalMs', message: 'must be >= initialIntervalMs' });
  if (p.strategy === 'exponential' && !(p.coefficient > 1)) problems.push({ field: 'coefficient', message: 'must be > 1 for exponential' });
  return problems;
}

export const createRetryPolicyBody = z
  .strictObject({
    ...fields,
    maxIntervalMs: fields.maxIntervalMs.optional(),
    coefficient: fields.coefficient.default(2),
    jitterRatio: fields.jitterRatio.default(0),
    isDefault: fields.isDefault.default(false),
  })
  .transform((b) => ({ ...b, maxIntervalMs: b.maxIntervalMs ?? Math.max(b.initialIntervalMs, 3_600_000) }))
  .superRefine((b, ctx) => {
    for (const p of crossFieldProblems(b)) ctx.addIssue({ code: 'custom', path: [p.field], message: p.message });
  });

export const updateRetryPolicyBody = z
  .strictObject({
    name: fields.name.optional(),
    strategy: fields.strategy.optional(),
    initialIntervalMs: fields.initialIntervalMs.optional(),
    maxIntervalMs: fields.maxIntervalMs.optional(),
    coefficient: fields.coefficient.optional(),
    maxAttempts: fields.maxAttempts.optional(),
    jitterRatio: fields.jitterRatio.optional(),
    isDefault: fields.isDefault.optional(),
  })
  .refine((b) => Object.keys(b).length > 0, 'nothing to update');

export type CreateRetryPolicyBody = z.infer<typeof createRetryPolicyBody>;
export type UpdateRetryPolicyBody = z.infer<typeof updateRetryPolicyBody>;
