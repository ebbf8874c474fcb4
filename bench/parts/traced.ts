// Traced: part E's workload (same count, same concurrency, same code) against a second API + worker
// pair with tracing on, exporting every span over OTLP/HTTP to a sink in this process. The pair runs
// on a task queue of its own; it boots and warms up alongside E's pair, before any part is measured,
// so while E runs it sits idle exactly as E's pair sits idle while this part runs: the two compare one
// busy pair each, on the same machine, back to back. Fails when no span arrived: then nothing was
// traced and the figures would mean nothing.
import { createApiClient, type ApiClient } from '../api-client';
import type { Ledger } from '../ledger';
import { startOtlpSink, type OtlpSink } from '../otlp-sink';
import type { ProcessPair } from '../process-pair';
import type { BenchReceiver } from '../receiver';
import type { TracedPart } from '../result';
import type { BenchStack } from '../stack';
import { ratio, round } from '../stats';
import { WARM_UP_RUNS, warmUp } from '../warm-up';
import { runEdgeCron } from './edgecron';

export const TRACED_TASK_QUEUE = 'edgecron-bench-traced';

export interface TracedPair {
  pair: ProcessPair;
  api: ApiClient;
  sink: OtlpSink;
  /** Stops the pair (each process flushes its buffered spans as it exits), then the sink. Idempotent. */
  stop(): Promise<void>;
}

/** Starts the sink and the traced pair and warms the pair up. */
export async function startTracedPair(ctx: { receiver: BenchReceiver; stack: BenchStack }, progress: (line: string) => void): Promise<TracedPair> {
  const sink = await startOtlpSink();
  let pair: ProcessPair;
  try {
    // Sampling ratio and batch delay come from the environment as in production (defaults: every
    // trace; a batch every 5 s or every 512 spans); only the endpoint is the bench's.
    pair = await ctx.stack.startPair(TRACED_TASK_QUEUE, { OTEL_EXPORTER_OTLP_ENDPOINT: sink.url, OTEL_SERVICE_NAME: 'edgecron-bench' });
  } catch (err) {
    await sink.close();
    throw err;
  }
  const api = createApiClient(pair.apiUrl, ctx.stack.apiKey);
  let stopped: Promise<void> | undefined;
  const traced: TracedPair = {
    pair,
    api,
    sink,
    stop: () => (stopped ??= (async () => {
      await api.close();
      await pair.stop();
      await sink.close();
    })()),
  };
  try {
    await warmUp(api, ctx.receiver, 'traced-warmup', progress);
  } catch (err) {
    await traced.stop();
    throw err;
  }
  return traced;
}

export async function runTraced(
  traced: TracedPair,
  ctx: { receiver: BenchReceiver; ledger: Ledger; stack: Pick<BenchStack, 'pids' | 'temporalAddress' | 'namespace'> },
  count: number,
  concurrency: number,
  eRate: number | undefined,
  timeoutMs: number,
  progress: (line: string) => void,
): Promise<TracedPart> {
  const { pair, api, sink } = traced;
  try {
    const { endpointId: _unused, ...run } = await runEdgeCron({ ...ctx, api, stack: { ...ctx.stack, apiPid: pair.apiPid, workerPid: pair.workerPid, metricsUrls: pair.metricsUrls } }, count, concurrency, timeoutMs, progress, {
      tag: 'traced',
      name: 'traced',
    });
    await pair.stop(); // after this the sink has every span the pair made
    const spans = sink.spans.length;
    if (spans === 0) throw new Error(`the OTLP sink received no spans (${sink.requests()} export requests): tracing exported nothing`);
    const runs = WARM_UP_RUNS + count; // every run the traced pair served, all of one kind
    return {
      ...run,
      tracedOverE: ratio(run.perSecond, eRate),
      spans,
      spansPerRun: round(spans / runs),
      spansByName: sink.spansByName(),
      exportRequests: sink.requests(),
      exportKbPerRun: round(sink.bytes() / 1024 / runs),
    };
  } finally {
    await traced.stop();
  }
}
