// Limits on what a parsed JSON body may be: nesting depth (deep bodies would blow validators' stacks),
// no `__proto__` keys (they could reach an object's prototype once copied), and a cap on the webhook
// `payload` of any /v1 call that carries one, well below Temporal's 2 MB blob limit. NUL characters
// are refused too: PostgreSQL can store them in neither text nor jsonb.
import type { RequestHandler } from 'express';
import { findJsonProblem } from '../../domain/json-limits';
import { sendProblem } from '../problem';

export interface BodyLimits {
  maxDepth: number;
  payloadBytes: number;
}

export function bodyLimits(limits: BodyLimits): RequestHandler {
  return (req, res, next) => {
    const body: unknown = req.body;
    if (body === undefined || body === null || (typeof body !== 'object' && typeof body !== 'string')) return next();
    const problem = findJsonProblem(body, limits.maxDepth);
    if (problem) {
      return sendProblem(res, {
        type: 'https://edgecron.dev/problems/400', title: 'Invalid request', status: 400,
        detail: `${problem.field}: ${problem.message}`, errors: [problem],
      });
    }
    if (typeof body === 'object' && !Array.isArray(body) && Object.hasOwn(body, 'payload')) {
      const bytes = Buffer.byteLength(JSON.stringify((body as { payload: unknown }).payload) ?? '');
      if (bytes > limits.payloadBytes) {
        const message = `is ${bytes} bytes of JSON; at most ${limits.payloadBytes} are accepted`;
        return sendProblem(res, {
          type: 'https://edgecron.dev/problems/413', title: 'Payload too large', status: 413,
          detail: `payload: ${message}`, errors: [{ field: 'payload', message }],
        });
      }
    }
    next();
  };
}
