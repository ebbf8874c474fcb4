// With an OTLP endpoint configured, one trace runs from the caller through the API, the TaskRun
// workflow and each delivery attempt to the receiver's `traceparent`. The API and the worker run as
// their own processes (the production entry points) on a task queue of their own, exporting to the
// bench's OTLP sink (a collector stand-in) on loopback.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freePort } from '../src/stack/free-port';
import { api, runUntilFinal, waitFor } from './helpers/api';
import { startOtlpSink, type ExportedSpan, type OtlpSink } from '../bench/otlp-sink';
import { endpointFor } from './helpers/endpoints';
import { respondInSequence, startReceiver, type Receiver } from './helpers/receiver';
import { startSideProcess, type SideProcess } from './helpers/side-process';

const taskQueue = `tracing-${process.pid}`;
let sink: OtlpSink;
let sideApi: SideProcess;
let worker: SideProcess;
let apiUrl: string;
let receiver: Receiver;

beforeAll(async () => {
  sink = await startOtlpSink();
  const port = await freePort();
  apiUrl = `http://127.0.0.1:${port}`;
  const tracing = { OTEL_EXPORTER_OTLP_ENDPOINT: sink.url, OTEL_SERVICE_NAME: 'edgecron-traced', OTEL_BSP_SCHEDULE_DELAY: '100' };
  [sideApi, worker] = await Promise.all([
    startSideProcess('api', taskQueue, { ...tracing, PORT: String(port) }, 'API listening'),
    startSideProcess('worker', taskQueue, tracing, 'worker running'),
  ]);
}, 120_000);

afterAll(async () => {
  await receiver?.close();
  await worker?.stop();
  await sideApi?.stop();
  await sink?.close();
});

const hex = (bytes: number) => Array.from({ length: bytes }, () => Math.floor(Math.random() * 256).toString(16).padStart(2, '0')).join('');

/** The one span named `name` (or starting with it) among `spans`, failing clearly otherwise. */
function only(spans: ExportedSpan[], name: string): ExportedSpan {
  const found = spans.filter((s) => s.name === name);
  expect(found.map((s) => s.name), `exactly one ${name} among ${spans.map((s) => s.name).join(', ')}`).toEqual([name]);
  return found[0];
}

describe('tracing with an OTLP endpoint', () => {
  it('continues the caller\'s trace from the API through the workflow to every delivery, whose traceparent and attempt carry it', async () => {
    receiver = await startReceiver(respondInSequence(500, 200));
    const endpoint = await endpointFor(receiver);
    const callerTraceId = hex(16);
    const callerSpanId = hex(8);
    const created = await api('POST', '/v1/task-runs', { endpointId: endpoint.id, payload: { secretOrder: 'ord-tracing-7731' } }, {
      baseUrl: apiUrl,
      headers: { traceparent: `00-${callerTraceId}-${callerSpanId}-01` },
    });
    expect(created.status).toBe(202);
    const final = await runUntilFinal(created.body.id);
    expect(final.status).toBe('success');

    // Batches leave every 100 ms; wait until both deliveries' spans have arrived.
    const trace = await waitFor(
      async () => sink.spans.filter((s) => s.traceId === callerTraceId),
      (spans) => spans.filter((s) => s.name === 'webhook POST').length === 2 && spans.some((s) => s.name === 'RunWorkflow:taskRunWorkflow'),
    );
    expect(new Set(trace.map((s) => s.service))).toEqual(new Set(['edgecron-traced']));

    // The chain, parent by parent: caller → API request → workflow start → workflow → activity → HTTP call.
    const request = only(trace, 'POST /v1/task-runs');
    expect(request.parentSpanId).toBe(callerSpanId);
    expect(request.attributes['http.response.status_code']).toBe(202);
    const start = only(trace, 'StartWorkflow:taskRunWorkflow');
    expect(start.parentSpanId).toBe(request.spanId);
    const workflow = only(trace, 'RunWorkflow:taskRunWorkflow');
    expect(workflow.parentSpanId).toBe(start.spanId);
    const scheduled = only(trace, 'StartActivity:deliverActivity');
    expect(scheduled.parentSpanId).toBe(workflow.spanId);
    const executions = trace.filter((s) => s.name === 'RunActivity:deliverActivity');
    expect(executions).toHaveLength(2);
    for (const execution of executions) expect(execution.parentSpanId).toBe(scheduled.spanId);
    const calls = trace.filter((s) => s.name === 'webhook POST').sort((a, b) => Number(a.attributes['edgecron.attempt']) - Number(b.attributes['edgecron.attempt']));
    expect(calls.map((c) => [c.attributes['edgecron.attempt'], c.attributes['http.response.status_code']])).toEqual([[1, 500], [2, 200]]);
    for (const call of calls) {
      expect(executions.map((e) => e.spanId)).toContain(call.parentSpanId);
      expect(call.attributes['edgecron.task_run_id']).toBe(created.body.id);
    }

    // What the receiver saw and what the ledger kept: the same trace, the HTTP call's span as parent.
    expect(receiver.requests.map((r) => r.headers.traceparent)).toEqual(calls.map((c) => `00-${callerTraceId}-${c.spanId}-01`));
    const attempts = (await api('GET', `/v1/task-runs/${created.body.id}/attempts`)).body.data;
    expect(attempts.map((a: { traceId: string }) => a.traceId)).toEqual([callerTraceId, callerTraceId]);

    // Spans name ids and numbers, never the payload or the signing secret.
    const exported = sink.bodies.join('\n');
    expect(exported).not.toContain('ord-tracing-7731');
    expect(exported).not.toContain(endpoint.secret.slice('whsec_'.length));
  });

  it('starts a trace of its own for a caller that sends none', async () => {
    receiver = await startReceiver(respondInSequence(200));
    const endpoint = await endpointFor(receiver);
    const created = await api('POST', '/v1/task-runs', { endpointId: endpoint.id, payload: {} }, { baseUrl: apiUrl });
    expect((await runUntilFinal(created.body.id)).status).toBe('success');
    const [attempt] = (await api('GET', `/v1/task-runs/${created.body.id}/attempts`)).body.data;
    const trace = await waitFor(
      async () => sink.spans.filter((s) => s.traceId === attempt.traceId),
      (spans) => spans.some((s) => s.name === 'webhook POST') && spans.some((s) => s.name === 'POST /v1/task-runs'),
    );
    expect(only(trace, 'POST /v1/task-runs').parentSpanId).toBeUndefined();
    expect(receiver.requests[0].headers.traceparent).toBe(`00-${attempt.traceId}-${only(trace, 'webhook POST').spanId}-01`);
  });
});
