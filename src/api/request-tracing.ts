// One server span per API request when tracing is on. It continues the caller's `traceparent`, so
// the workflow, the attempts and the webhook itself join the caller's trace.
import { context, propagation, SpanKind, SpanStatusCode, trace } from '@opentelemetry/api';
import type { RequestHandler } from 'express';
import { routeOf } from './route-label';

const tracer = trace.getTracer('edgecron-api');

export const traceRequests: RequestHandler = (req, res, next) => {
  const parent = propagation.extract(context.active(), req.headers);
  const span = tracer.startSpan(
    req.method,
    { kind: SpanKind.SERVER, attributes: { 'http.request.method': req.method, 'url.path': req.path } },
    parent,
  );
  const active = trace.setSpan(parent, span);
  res.once('close', () => {
    const route = routeOf(req, res);
    span.updateName(`${req.method} ${route}`);
    span.setAttributes({ 'http.route': route, 'http.response.status_code': res.statusCode });
    if (res.statusCode >= 500 || !res.writableFinished) span.setStatus({ code: SpanStatusCode.ERROR });
    span.end();
  });
  // Everything the request does from here, awaited or not, runs inside its span.
  context.with(active, next);
};
