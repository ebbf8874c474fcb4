// Replay: dead letters made by a receiver answering 404 (not retryable), then bulk-replayed with
// POST /v1/dead-letters/replay once it answers 200; deliveries/s until all are delivered and
// `success` in the ledger. Builds without that route report "not available".
import { hasRoute, type ApiClient } from '../api-client';
import type { Ledger } from '../ledger';
import type { BenchReceiver } from '../receiver';
import { notAvailable, type ReplayPart } from '../result';
import { runPool } from '../pool';
import { perSecond, ratio } from '../stats';
import { createEndpoint } from './endpoints';

const ROUTE = '/v1/dead-letters/replay';

export async function runReplay(
  ctx: { api: ApiClient; receiver: BenchReceiver; ledger: Ledger },
  count: number,
  concurrency: number,
  eRate: number | undefined,
  timeoutMs: number,
  progress: (line: string) => void,
): Promise<ReplayPart> {
  const { api, receiver, ledger } = ctx;
  if (!(await hasRoute(api, 'POST', ROUTE, { dryRun: true, endpointId: 'probe' }))) {
    return { ...notAvailable(`POST ${ROUTE} answers 404`), count };
  }
  receiver.setStatus('replay', 404);
  // Its circuit breaker off: a 404 for every call is the point here, and an open circuit would hold the
  // runs back (one probe per interval) instead of letting them dead-letter.
  const endpointId = await createEndpoint(api, receiver.url('replay'), { circuitBreaker: null });
  await runPool(
    count,
    concurrency,
    async (i) => {
      await api.ok('POST', '/v1/task-runs', { endpointId, payload: { benchId: `replay-${i}`, kind: 'bench.delivery', n: i } });
    },
    (done) => progress(`replay: ${done}/${count} runs sent to a 404 receiver`),
  );
  await ledger.waitForRuns([endpointId], 'dead_letter', count, timeoutMs);
  progress(`replay: ${count} dead letters open; receiver now answers 200`);

  receiver.setStatus('replay', 200);
  const started = performance.now();
  const answer = await api.ok<{ count?: number; ratePerSecond?: number }>('POST', ROUTE, { endpointId });
  await receiver.waitForOk('replay', count, timeoutMs, (n) => progress(`replay delivered ${n}/${count}`));
  const finished = await ledger.waitForRuns([endpointId], 'success', count, timeoutMs);
  const elapsedMs = finished - started;
  const rate = perSecond(count, elapsedMs);
  return {
    status: 'ok',
    detail: answer.ratePerSecond ? `the API paces bulk replay at ${answer.ratePerSecond}/s` : undefined,
    count,
    elapsedMs: Math.round(elapsedMs),
    perSecond: rate,
    replayOverE: ratio(rate, eRate),
  };
}
