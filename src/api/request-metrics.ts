// Times every API request under its route pattern.
import type { RequestHandler } from 'express';
import { metrics } from '../metrics/metrics';
import { routeOf } from './route-label';

export const requestMetrics: RequestHandler = (req, res, next) => {
  const stop = metrics.apiRequestDuration.startTimer();
  res.on('finish', () => stop({ method: req.method, route: routeOf(req, res), status: String(res.statusCode) }));
  next();
};
