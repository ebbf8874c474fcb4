// Limits checked before anything is read: the length of the request target.
import type { RequestHandler } from 'express';
import { sendProblem } from '../problem';

export function urlLengthLimit(maxLength: number): RequestHandler {
  return (req, res, next) => {
    if (req.originalUrl.length <= maxLength) return next();
    sendProblem(res, {
      type: 'https://edgecron.dev/problems/414', title: 'URI too long', status: 414,
      detail: `The request URL is ${req.originalUrl.length} characters; at most ${maxLength} are accepted.`,
    });
  };
}
