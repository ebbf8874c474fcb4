// An endpoint's transformation: a JavaScript function that reshapes each delivery (docs/transformations.md).
import { z } from 'zod';

/** 64 Ki characters, a limit the OpenAPI document can state exactly (a byte limit it could not). */
export const TRANSFORMATION_CODE_MAX_LENGTH = 64 * 1024;

export const transformationCode = z
  .string()
  .min(1)
  .max(TRANSFORMATION_CODE_MAX_LENGTH)
  .regex(/^[^\u0000]*$/, 'must not contain the NUL character')
  .describe('JavaScript defining `function handler(webhook)`; at most 65536 characters.');

/** On an endpoint (create or PATCH); null removes it. */
export const transformationField = z
  .strictObject({ code: transformationCode, enabled: z.boolean().default(true) })
  .describe('Reshapes each delivery before it is signed and sent; null removes it.');

export type TransformationField = z.infer<typeof transformationField>;
