// Tracing is off unless an OTLP endpoint is configured; its settings parse as OpenTelemetry's do.
import { describe, expect, it } from 'vitest';
import { loadConfig } from '../src/config';
import { installTracing, parseOtlpHeaders, tracesUrl } from '../src/telemetry/tracing';

describe('tracing settings', () => {
  it('stays off without an OTLP endpoint: nothing is installed', () => {
    expect(tracesUrl(loadConfig({}))).toBeUndefined();
    expect(installTracing(loadConfig({}))).toBeUndefined();
  });

  it('sends traces to <endpoint>/v1/traces, or to the traces endpoint when that is given', () => {
    expect(tracesUrl(loadConfig({ OTEL_EXPORTER_OTLP_ENDPOINT: 'http://collector:4318/' }))).toBe('http://collector:4318/v1/traces');
    expect(tracesUrl(loadConfig({
      OTEL_EXPORTER_OTLP_ENDPOINT: 'http://collector:4318',
      OTEL_EXPORTER_OTLP_TRACES_ENDPOINT: 'https://vendor.example/otlp/traces',
    }))).toBe('https://vendor.example/otlp/traces');
  });

  it('reads export headers as key=value pairs, percent-decoded', () => {
    expect(parseOtlpHeaders('x-api-key=abc%3D%3D, x-team=edge')).toEqual({ 'x-api-key': 'abc==', 'x-team': 'edge' });
  });

  it('rejects malformed settings naming the variable, without echoing its value', () => {
    expect(() => loadConfig({ OTEL_EXPORTER_OTLP_HEADERS: 'just-a-secret-token' })).toThrow(/OTEL_EXPORTER_OTLP_HEADERS: must be key=value pairs/);
    expect(() => loadConfig({ OTEL_EXPORTER_OTLP_HEADERS: 'just-a-secret-token' })).not.toThrow(/just-a-secret-token/);
    expect(() => loadConfig({ OTEL_TRACES_SAMPLER_RATIO: '1.5' })).toThrow(/OTEL_TRACES_SAMPLER_RATIO/);
    expect(() => loadConfig({ OTEL_EXPORTER_OTLP_ENDPOINT: 'collector:4318' })).toThrow(/OTEL_EXPORTER_OTLP_ENDPOINT/);
  });
});
