// A transformation: a JavaScript function per endpoint that reshapes each delivery (docs/transformations.md).
import { z } from 'zod';
import { idFilter } from './common';
import { headers, HTTP_METHODS, url } from './endpoint';

export const TRANSFORMATION_CODE_MAX_BYTES = 64 * 1024;

const code = z
  .string()
  .min(1)
  .max(TRANSFORMATION_CODE_MAX_BYTES)
  .regex(/^[^\u0000]*$/, 'must not contain the NUL character')
  .refine((c) => new TextEncoder().encode(c).length <= TRANSFORMATION_CODE_MAX_BYTES, `at most ${TRANSFORMATION_CODE_MAX_BYTES} bytes`)
  .describe('JavaScript defining `function handler(webhook)`; at most 64 KiB of UTF-8.');

/** On an endpoint (create or PATCH); null removes it. */
export const transformationField = z
  .strictObject({ code, enabled: z.boolean().default(true) })
  .describe('Reshapes each delivery before it is signed and sent; null removes it.');

const eventType = z.string().max(200).regex(/^[^\u0000]*$/, 'must not contain the NUL character');

/** What the function receives (and, changed, returns) in the test call. */
export const testWebhook = z.strictObject({
  method: z.enum(HTTP_METHODS).default('POST'),
  url,
  headers: headers.default({}),
  payload: z.unknown().optional(),
  eventType: eventType.nullable().optional(),
  endpointId: idFilter.nullable().optional(),
  webhookId: z.string().max(200).regex(/^[^\u0000]*$/).nullable().optional(),
});

export const testTransformationBody = z.union([
  z.strictObject({ code, webhook: testWebhook }),
  z.strictObject({ endpointId: idFilter, payload: z.unknown().optional(), eventType: eventType.optional() }),
]);

export type TransformationField = z.infer<typeof transformationField>;
export type TestTransformationBody = z.infer<typeof testTransformationBody>;
