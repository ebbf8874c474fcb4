// Answer shapes of the transformation calls (documented in the OpenAPI document; the SDK's types).
import { z } from 'zod';
import { HTTP_METHODS } from './endpoint';

const time = z.string().describe('ISO-8601 UTC');

/** In every endpoint answer: whether a transformation runs; its code only via GET /v1/endpoints/{id}/transformation. */
export const transformationSummaryResponse = z
  .object({ enabled: z.boolean(), codeBytes: z.number().int() })
  .nullable()
  .describe('null: no transformation. Its code: GET /v1/endpoints/{id}/transformation (full scope).');

export const endpointTransformationResponse = z.object({
  endpointId: z.string(),
  transformation: z.object({ code: z.string(), enabled: z.boolean() }).nullable(),
  versions: z
    .array(z.object({
      id: z.string(),
      code: z.string().nullable().describe('null: the transformation was removed.'),
      enabled: z.boolean(),
      changedBy: z.object({ keyId: z.string(), name: z.string() }),
      changedAt: time,
    }))
    .describe('The last 20 changes, newest first.'),
});

export const transformationTestResponse = z.object({
  result: z.object({
    method: z.enum(HTTP_METHODS),
    url: z.string(),
    headers: z.record(z.string(), z.string()),
    payload: z.unknown(),
    cancel: z.boolean().describe('true: the delivery would be skipped (the run ends cancelled).'),
  }).passthrough(),
  durationMs: z.number(),
  logs: z.array(z.string()).describe('console.log lines: at most 50, each at most 1 KiB.'),
});
