// RFC 9457 problem+json: every error leaves the API through here. No stack traces to clients.
import type { ErrorRequestHandler, Response } from 'express';
import { isDatabaseUnavailable } from '../db/unavailable';
import { DomainError, type FieldProblem } from '../domain/errors';
import type { Logger } from '../logger';

const STATUS_BY_KIND = { not_found: 404, conflict: 409, invalid: 400, unavailable: 503 } as const;

export interface Problem {
  type: string;
  title: string;
  status: number;
  detail: string;
  errors?: FieldProblem[];
}

export function sendProblem(res: Response, problem: Problem): void {
  res.status(problem.status).type('application/problem+json').json(problem);
}

function problemType(status: number): string {
  return `https://edgecron.dev/problems/${status}`;
}

export function problemHandler(logger: Logger): ErrorRequestHandler {
  return (err, req, res, _next) => {
    if (err instanceof DomainError) {
      const status = STATUS_BY_KIND[err.kind];
      // A 503 is always temporary: say when to come back.
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
      logger.warn({ method: req.method, path: req.path, code: (err as { code?: string }).code }, 'database unavailable');
      res.setHeader('retry-after', '5');
      return sendProblem(res, {
        type: problemType(503), title: 'Database unavailable', status: 503,
        detail: 'The database is not reachable right now; nothing was changed. Retry shortly.',
      });
    }
    logger.error({ err, method: req.method, path: req.path }, 'unhandled API error');
    return sendProblem(res, { type: problemType(500), title: 'Internal error', status: 500, detail: 'Something went wrong; it has been logged.' });
  };
}
