// The test call of a transformation (docs/transformations.md): given code and a webhook, or an endpoint's own code.
import { z } from 'zod';
import { idFilter, jsonPayload } from './common';
import { headers, HTTP_METHODS, url } from './endpoint';
import { transformationCode as code } from './transformation-field';

const eventType = z.string().max(200).regex(/^[^\u0000]*$/, 'must not contain the NUL character');

/** What the function receives (and, changed, returns) in the test call. */
export const testWebhook = z.strictObject({
  method: z.enum(HTTP_METHODS).default('POST'),
  url,
  headers: headers.default({}),
  payload: jsonPayload.optional(),
  eventType: eventType.nullable().optional(),
  endpointId: idFilter.nullable().optional(),
  webhookId: z.string().max(200).regex(/^[^\u0000]*$/).nullable().optional(),
});

export const testTransformationBody = z.union([
  z.strictObject({ code, webhook: testWebhook }),
  z.strictObject({ endpointId: idFilter, payload: jsonPayload.optional(), eventType: eventType.optional() }),
]);

export type TestTransformationBody = z.infer<typeof testTransformationBody>;
