// OpenTelemetry tracing for one process (API, worker, or both under `npm start`): installed once,
// only when an OTLP endpoint is configured. Without one nothing is recorded or sent.
import { diag, DiagLogLevel } from '@opentelemetry/api';
import { OTLPTraceExporter } from '@opentelemetry/exporter-trace-otlp-http';
import { Resource } from '@opentelemetry/resources';
import { BatchSpanProcessor, ParentBasedSampler, TraceIdRatioBasedSampler, type SpanProcessor } from '@opentelemetry/sdk-trace-base';
import { NodeTracerProvider } from '@opentelemetry/sdk-trace-node';
import type { Config } from '../config';
import type { Logger } from '../logger';

export type TracingConfig = Pick<
  Config,
  | 'OTEL_EXPORTER_OTLP_ENDPOINT'
  | 'OTEL_EXPORTER_OTLP_TRACES_ENDPOINT'
  | 'OTEL_EXPORTER_OTLP_HEADERS'
  | 'OTEL_SERVICE_NAME'
  | 'OTEL_TRACES_SAMPLER_RATIO'
  | 'OTEL_BSP_SCHEDULE_DELAY'
>;

export interface Tracing {
  /** Where spans go; Temporal's workflow span sink feeds the same processor. */
  spanProcessor: SpanProcessor;
  resource: Resource;
  /** Sends what is buffered (on shutdown, so the last spans are not lost); never rejects. */
  flush(): Promise<void>;
}

/** The OTLP/HTTP traces URL, or undefined when tracing is off. */
export function tracesUrl(config: TracingConfig): string | undefined {
  if (config.OTEL_EXPORTER_OTLP_TRACES_ENDPOINT) return config.OTEL_EXPORTER_OTLP_TRACES_ENDPOINT;
  if (config.OTEL_EXPORTER_OTLP_ENDPOINT) return `${config.OTEL_EXPORTER_OTLP_ENDPOINT.replace(/\/+$/, '')}/v1/traces`;
  return undefined;
}

export function parseOtlpHeaders(text: string | undefined): Record<string, string> {
  const headers: Record<string, string> = {};
  for (const pair of (text ?? '').split(',')) {
    const at = pair.indexOf('=');
    if (at > 0) headers[decodeURIComponent(pair.slice(0, at).trim())] = decodeURIComponent(pair.slice(at + 1).trim());
  }
  return headers;
}

/** Exporter failures arrive as errors, error-like objects or JSON text. */
function describe(value: unknown): string {
  if (typeof value === 'string') return value;
  const message = (value as { message?: unknown } | null)?.message;
  return typeof message === 'string' ? message : JSON.stringify(value) ?? String(value);
}

// One provider per process: the API and the worker share it when they run side by side.
let installed: Tracing | undefined;

export function installTracing(config: TracingConfig, logger: Logger): Tracing | undefined {
  const url = tracesUrl(config);
  if (!url) return undefined;
  if (installed) return installed;
  // A collector that is down would otherwise drop spans silently.
  const warn = (...args: unknown[]) => logger.warn({ detail: args.map(describe).join(' ').slice(0, 500) }, 'OpenTelemetry export problem');
  const quiet = () => undefined;
  diag.setLogger({ error: warn, warn, info: quiet, debug: quiet, verbose: quiet }, DiagLogLevel.WARN);
  const resource = new Resource({ 'service.name': config.OTEL_SERVICE_NAME });
  const exporter = new OTLPTraceExporter({ url, headers: parseOtlpHeaders(config.OTEL_EXPORTER_OTLP_HEADERS) });
  const spanProcessor = new BatchSpanProcessor(exporter, { scheduledDelayMillis: config.OTEL_BSP_SCHEDULE_DELAY });
  const provider = new NodeTracerProvider({
    resource,
    sampler: new ParentBasedSampler({ root: new TraceIdRatioBasedSampler(config.OTEL_TRACES_SAMPLER_RATIO) }),
    spanProcessors: [spanProcessor],
  });
  // Registers the W3C trace-context propagator and an AsyncLocalStorage context manager too.
  provider.register();
  // Shutdown must not fail because the collector is away: the spans are lost, the warning says so.
  const flush = () => provider.forceFlush().catch(warn);
  installed = { spanProcessor, resource, flush };
  return installed;
}
