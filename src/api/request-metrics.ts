// Times every API request under its route pattern (not the raw path, which would explode label sets).
import type { Request, RequestHandler, Response } from 'express';
import { metrics } from '../metrics/metrics';

const MOUNT = 'routeMount';

/** Put before a router: Express resets `req.baseUrl` when an error leaves the router, so keep it. */
export const rememberMount: RequestHandler = (req, res, next) => {
  res.locals[MOUNT] = req.baseUrl;
  next();
};

/** The matched route pattern (`/v1/task-runs/:id`), or `unmatched`; known once the response is done. */
export function routeOf(req: Request, res: Response): string {
  if (!req.route?.path) return 'unmatched';
  const mount = (res.locals[MOUNT] as string | undefined) ?? req.baseUrl;
  return `${mount}${req.route.path === '/' ? '' : req.route.path}`;
}

export const requestMetrics: RequestHandler = (req, res, next) => {
  const stop = metrics.apiRequestDuration.startTimer();
  res.on('finish', () => stop({ method: req.method, route: routeOf(req, res), status: String(res.statusCode) }));
  next();
};
