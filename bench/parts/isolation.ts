// Isolation: a hung endpoint (never answers, 10 s timeout) gets a backlog of queued runs; then n runs
// go to a healthy endpoint, and their deliveries/s (send of the first to `success` of the last) are
// compared with E's. Endpoint isolation (a fair share of the worker per endpoint) keeps it near E.
import type { ApiClient } from '../api-client';
import type { Ledger } from '../ledger';
import { HANG, type BenchReceiver } from '../receiver';
import type { IsolationPart } from '../result';
import { runPool } from '../pool';
import { perSecond, ratio } from '../stats';
import { createEndpoint } from './endpoints';

export async function runIsolation(
  ctx: { api: ApiClient; receiver: BenchReceiver; ledger: Ledger },
  hungBacklog: number,
  count: number,
  concurrency: number,
  eRate: number | undefined,
  timeoutMs: number,
  progress: (line: string) => void,
): Promise<IsolationPart> {
  const { api, receiver, ledger } = ctx;
  receiver.setStatus('hung', HANG);
  const hung = await createEndpoint(api, receiver.url('hung'), { timeoutMs: 10_000 });
  const healthy = await createEndpoint(api, receiver.url('isolated'));
  const send = (endpointId: string, tag: string, n: number) =>
    runPool(n, concurrency, async (i) => {
      await api.ok('POST', '/v1/task-runs', { endpointId, payload: { benchId: `${tag}-${i}`, kind: 'bench.delivery', n: i } });
    });
  await send(hung, 'hung', hungBacklog);
  progress(`isolation: ${hungBacklog} runs queued to a hung endpoint; sending ${count} to a healthy one`);
  const started = performance.now();
  await send(healthy, 'isolated', count);
  const finished = await ledger.waitForRuns([healthy], 'success', count, timeoutMs);
  const elapsedMs = finished - started;
  const rate = perSecond(count, elapsedMs);
  // The hung endpoint answers again and its backlog is delivered before the next part starts. (Pausing
  // it instead left 400 held runs looking again every few seconds, which slowed the fanout part after
  // this one about four-fold.) Its circuit is open by now, so this waits for a probe (30 s) and then drains.
  receiver.setStatus('hung', 200);
  progress(`isolation: measured; the hung endpoint answers 200 now, waiting for its ${hungBacklog} runs to be delivered`);
  await ledger.waitForRuns([hung], 'success', hungBacklog, timeoutMs).catch((err: unknown) => {
    progress(`isolation: the hung endpoint's backlog did not drain (${(err as Error).message}); later parts share the machine with it`);
  });
  return { status: 'ok', count, hungBacklog, elapsedMs: Math.round(elapsedMs), perSecond: rate, isolationOverE: ratio(rate, eRate) };
}
