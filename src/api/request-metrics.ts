// Times every API request under its route pattern (not the raw path, which would explode label sets).
import type { Request, RequestHandler } from 'express';
import { metrics } from '../metrics/metrics';

/** The matched route pattern (`/v1/task-runs/:id`), or `unmatched`; known once the response is done. */
export function routeOf(req: Request): string {
  return req.route?.path ? `${req.baseUrl}${req.route.path === '/' ? '' : req.route.path}` : 'unmatched';
}

export const requestMetrics: RequestHandler = (req, res, next) => {
  const stop = metrics.apiRequestDuration.startTimer();
  res.on('finish', () => stop({ method: req.method, route: routeOf(req), status: String(res.statusCode) }));
  next();
};
