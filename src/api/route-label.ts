// The route pattern a request matched (`/v1/task-runs/:id`), for metric labels and span names: the raw
// path would explode label sets.
import type { Request, RequestHandler, Response } from 'express';

const MOUNT = 'routeMount';

/** Put before a router: Express resets `req.baseUrl` when an error leaves the router, so keep it. */
export const rememberMount: RequestHandler = (req, res, next) => {
  res.locals[MOUNT] = req.baseUrl;
  next();
};

/** The matched route pattern, or `unmatched`; known once the response is done. */
export function routeOf(req: Request, res: Response): string {
  if (!req.route?.path) return 'unmatched';
  const mount = (res.locals[MOUNT] as string | undefined) ?? req.baseUrl;
  return `${mount}${req.route.path === '/' ? '' : req.route.path}`;
}
