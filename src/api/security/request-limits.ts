// Limits checked before anything is read: the length of the request target, and no NUL in it
// (PostgreSQL cannot store one, so an id or cursor with %00 would fail deep inside a query).
import type { RequestHandler } from 'express';
import { sendProblem } from '../problem';

export function urlLengthLimit(maxLength: number): RequestHandler {
  return (req, res, next) => {
    if (/%00|\0/.test(req.originalUrl)) {
      return sendProblem(res, {
        type: 'https://edgecron.dev/problems/400', title: 'Bad request', status: 400,
        detail: 'The request URL must not contain the NUL character (%00).',
      });
    }
    if (req.originalUrl.length <= maxLength) return next();
    sendProblem(res, {
      type: 'https://edgecron.dev/problems/414', title: 'URI too long', status: 414,
      detail: `The request URL is ${req.originalUrl.length} characters; at most ${maxLength} are accepted.`,
    });
  };
}
