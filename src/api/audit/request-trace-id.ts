// The trace id an audit record carries: the request's span when tracing is on (it continues the
// caller's trace), otherwise the caller's own W3C `traceparent`, otherwise none.
import { isSpanContextValid, trace } from '@opentelemetry/api';
import type { Request } from 'express';

const TRACEPARENT = /^[0-9a-f]{2}-([0-9a-f]{32})-[0-9a-f]{16}-[0-9a-f]{2}$/;

export function requestTraceId(req: Request): string | null {
  const span = trace.getActiveSpan()?.spanContext();
  if (span && isSpanContextValid(span)) return span.traceId;
  const id = TRACEPARENT.exec(req.get('traceparent')?.trim().toLowerCase() ?? '')?.[1];
  return id && !/^0+$/.test(id) ? id : null;
}
