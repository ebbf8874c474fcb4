// A request's trace id. `requestTraceId` is the one the caller or our tracing gave it: the request's
// span when tracing is on (it continues the caller's trace), otherwise the caller's own W3C
// `traceparent`, otherwise none; audit records carry exactly that. `traceIdOf` never is none: when
// the request brought no trace id it makes one up, once per request, so an error answer and its log
// line always share an id the caller can quote to support.
import { randomBytes } from 'node:crypto';
import { isSpanContextValid, trace } from '@opentelemetry/api';
import type { Request, RequestHandler, Response } from 'express';

const TRACEPARENT = /^[0-9a-f]{2}-([0-9a-f]{32})-[0-9a-f]{16}-[0-9a-f]{2}$/;
const TRACE_ID = 'traceId';

export function requestTraceId(req: Request): string | null {
  const span = trace.getActiveSpan()?.spanContext();
  if (span && isSpanContextValid(span)) return span.traceId;
  const id = TRACEPARENT.exec(req.get('traceparent')?.trim().toLowerCase() ?? '')?.[1];
  return id && !/^0+$/.test(id) ? id : null;
}

/** W3C format: 16 random bytes in lowercase hex (all zeros is invalid, and 2^-128 unlikely). */
const freshTraceId = () => randomBytes(16).toString('hex');

/** The request's trace id, or the one made up for it. Set by `assignTraceId`; made here if it did not run. */
export function traceIdOf(res: Response): string {
  res.locals[TRACE_ID] ??= requestTraceId(res.req) ?? freshTraceId();
  return res.locals[TRACE_ID] as string;
}

/** First thing after the request's span starts, so the id is read while that span is active. */
export const assignTraceId: RequestHandler = (_req, res, next) => {
  traceIdOf(res);
  next();
};
