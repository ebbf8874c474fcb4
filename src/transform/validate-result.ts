// Whether what a handler returned is a webhook EdgeCron may send: today's method, URL and header
// rules for endpoints, none of EdgeCron's own headers, a payload within the size, depth and NUL
// limits. Anything else is refused with the field named, never silently dropped.
import { z } from 'zod';
import { headers, HTTP_METHODS, url } from '../contracts/endpoint';
import { findJsonProblem } from '../domain/json-limits';

export interface ResultLimits {
  payloadBytes: number;
  maxDepth: number;
}

export interface TransformedWebhook {
  method: (typeof HTTP_METHODS)[number];
  url: string;
  headers: Record<string, string>;
  payload: unknown;
}

export type ValidatedResult = { cancel: true } | { cancel: false; webhook: TransformedWebhook };

const resultShape = z.object({
  method: z.enum(HTTP_METHODS),
  url,
  headers,
  payload: z.unknown(),
  cancel: z.boolean().optional(),
});

/** A problem message naming the field, or the result to send. */
export function validateResult(json: string, limits: ResultLimits): ValidatedResult | { problem: string } {
  const value: unknown = JSON.parse(json);
  if (value && typeof value === 'object' && (value as { cancel?: unknown }).cancel === true) return { cancel: true };
  const parsed = resultShape.safeParse(value);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    return { problem: `${['result', ...issue.path].join('.')}: ${issue.message}` };
  }
  const { method, url: target, headers: sent, payload } = parsed.data;
  const jsonProblem = findJsonProblem(payload, limits.maxDepth, 'payload');
  if (jsonProblem) return { problem: `result.${jsonProblem.field === 'payload' ? 'payload' : `payload.${jsonProblem.field}`}: ${jsonProblem.message}` };
  const bytes = Buffer.byteLength(JSON.stringify(payload) ?? '');
  if (bytes > limits.payloadBytes) return { problem: `result.payload: is ${bytes} bytes of JSON; at most ${limits.payloadBytes} are allowed` };
  return { cancel: false, webhook: { method, url: target, headers: sent, payload } };
}
