// Tracing is off unless an OTLP endpoint is configured; its settings parse as OpenTelemetry's do.
import { trace } from '@opentelemetry/api';
import { mkdtemp, readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { freePort } from '../src/stack/free-port';
import { waitFor } from './helpers/api';
import { loadConfig } from '../src/config';
import { createLogger } from '../src/logger';
import { installTracing, parseOtlpHeaders, tracesUrl } from '../src/telemetry/tracing';

describe('tracing settings', () => {
  it('stays off without an OTLP endpoint: nothing is installed', () => {
    expect(tracesUrl(loadConfig({}))).toBeUndefined();
    expect(installTracing(loadConfig({}), createLogger('silent', 'test'))).toBeUndefined();
    expect(tracesUrl(loadConfig({ OTEL_EXPORTER_OTLP_ENDPOINT: '', OTEL_EXPORTER_OTLP_HEADERS: '' }))).toBeUndefined();
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

  it('logs a failed export as a warning, without the export headers', async () => {
    const logFile = join(await mkdtemp(join(tmpdir(), 'edgecron-otel-')), 'log.json');
    const nobodyListens = await freePort();
    const tracing = installTracing(
      loadConfig({ OTEL_EXPORTER_OTLP_ENDPOINT: `http://127.0.0.1:${nobodyListens}`, OTEL_EXPORTER_OTLP_HEADERS: 'x-api-key=otel-secret-4411' }),
      createLogger('warn', 'test', { stdout: false, file: logFile }),
    );
    trace.getTracer('test').startSpan('lost').end();
    await tracing!.flush();
    const log = await waitFor(() => readFile(logFile, 'utf8'), (text) => text.includes('OpenTelemetry export problem'), 10_000);
    expect(log).toContain('ECONNREFUSED');
    expect(log).not.toContain('otel-secret-4411');
  });
});
