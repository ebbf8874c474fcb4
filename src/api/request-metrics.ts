// Times every API request under its route pattern (not the raw path, which would explode label sets).
import type { RequestHandler } from 'express';
import { metrics } from '../metrics/metrics';

export const requestMetrics: RequestHandler = (req, res, next) => {
  const stop = metrics.apiRequestDuration.startTimer();
  res.on('finish', () => {
    const route = req.route?.path ? `${req.baseUrl}${req.route.path === '/' ? '' : req.route.path}` : 'unmatched';
    stop({ method: req.method, route, status: String(res.statusCode) });
  });
  next();
};
