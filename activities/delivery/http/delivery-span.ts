// The span of one webhook HTTP call. Its ids become the `traceparent` the receiver gets, so a
// receiver that traces joins EdgeCron's trace. With tracing off there is no active span: each
// attempt then gets a fresh trace id of its own, still stored on the attempt.
import { context, isSpanContextValid, SpanKind, SpanStatusCode, trace, type Span } from '@opentelemetry/api';
import { randomBytes } from 'node:crypto';
import { urlWithoutQuery } from '../../../src/domain/redact-url';

const tracer = trace.getTracer('edgecron-worker');

export interface DeliveryTarget {
  taskRunId: string;
  endpointId: string;
  attemptNumber: number;
  method: string;
  url: string;
}

export interface DeliverySpan {
  traceparent: string;
  traceId: string;
  end(result: { statusCode?: number; errorKind?: string; success: boolean }): void;
}

export function startDeliverySpan(t: DeliveryTarget): DeliverySpan {
  const span: Span = tracer.startSpan(
    `webhook ${t.method}`,
    {
      kind: SpanKind.CLIENT,
      attributes: {
        'http.request.method': t.method,
        'url.full': urlWithoutQuery(t.url),
        'edgecron.task_run_id': t.taskRunId,
        'edgecron.endpoint_id': t.endpointId,
        'edgecron.attempt': t.attemptNumber,
      },
    },
    context.active(),
  );
  const ids = span.spanContext();
  const valid = isSpanContextValid(ids);
  const traceId = valid ? ids.traceId : randomBytes(16).toString('hex');
  const spanId = valid ? ids.spanId : randomBytes(8).toString('hex');
  const sampled = valid ? ids.traceFlags & 1 : 1;
  return {
    traceparent: `00-${traceId}-${spanId}-0${sampled}`,
    traceId,
    end({ statusCode, errorKind, success }) {
      if (statusCode !== undefined) span.setAttribute('http.response.status_code', statusCode);
      if (errorKind) span.setAttribute('error.type', errorKind);
      span.setStatus({ code: success ? SpanStatusCode.OK : SpanStatusCode.ERROR });
      span.end();
    },
  };
}
