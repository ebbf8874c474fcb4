// RFC 9457 problem+json: every error leaves the API through here. No stack traces to clients.
import type { ErrorRequestHandler, Request, Response } from 'express';
import { isDatabaseUnavailable } from '../db/unavailable';
import { DomainError, type FieldProblem } from '../domain/errors';
import type { Logger } from '../logger';
import { traceIdOf } from './request-trace-id';

const STATUS_BY_KIND = { not_found: 404, conflict: 409, invalid: 400, unprocessable: 422, unavailable: 503 } as const;

export interface Problem {
  type: string;
  title: string;
  status: number;
  detail: string;
  errors?: FieldProblem[];
}

/** The occurrence's URI reference (RFC 9457 §3.1.5): the request's path. Not its query, which may hold user data. */
const instanceOf = (req: Request) => req.originalUrl.split('?')[0];

/** Every answer names its occurrence and carries the trace id, so a caller has something to quote. */
export function sendProblem(res: Response, problem: Problem): void {
  const body = { ...problem, instance: instanceOf(res.req), traceId: traceIdOf(res) };
  res.status(problem.status).type('application/problem+json').json(body);
}

function problemType(status: number): string {
  return `https://edgecron.dev/problems/${status}`;
}

export function problemHandler(logger: Logger): ErrorRequestHandler {
  return (err, req, res, _next) => {
    if (err instanceof DomainError) {
      const status = STATUS_BY_KIND[err.kind];
      // Every 503 says when to come back: the outage or backlog is ours, not the caller's.
      if (status === 503) res.setHeader('retry-after', String(err.retryAfterSeconds ?? 5));
      return sendProblem(res, {
        type: problemType(status),
        title: err.title,
        status,
        detail: err.message,
        ...(err.fields.length ? { errors: err.fields } : {}),
      });
    }
    // Body-parser errors carry their own 4xx status (bad JSON, too large, wrong charset).
    const status = typeof err?.status === 'number' && err.status >= 400 && err.status < 500 ? err.status : 500;
    if (status === 400 && err?.type === 'entity.parse.failed') {
      return sendProblem(res, {
        type: problemType(400), title: 'Malformed JSON', status, detail: 'The request body is not valid JSON.',
        errors: [{ field: 'body', message: 'not valid JSON' }],
      });
    }
    if (status === 413) {
      return sendProblem(res, {
        type: problemType(413), title: 'Request body too large', status, detail: 'The request body is larger than the API accepts.',
        errors: [{ field: 'body', message: 'too large' }],
      });
    }
    if (status < 500) {
      return sendProblem(res, { type: problemType(status), title: 'Bad request', status, detail: String(err.message) });
    }
    if (isDatabaseUnavailable(err)) {
      // Not our bug and not the caller's: the database is down or overloaded. Say when to retry.
      logger.warn({ method: req.method, path: req.path, traceId: traceIdOf(res), code: (err as { code?: string }).code }, 'database unavailable');
      res.setHeader('retry-after', '5');
      return sendProblem(res, {
        type: problemType(503), title: 'Database unavailable', status: 503,
        detail: 'The database is not reachable right now; nothing was changed. Retry shortly.',
      });
    }
    logger.error({ err, method: req.method, path: req.path, traceId: traceIdOf(res) }, 'unhandled API error');
    return sendProblem(res, { type: problemType(500), title: 'Internal error', status: 500, detail: 'Something went wrong; it has been logged.' });
  };
}
