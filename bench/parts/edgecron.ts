// E: EdgeCron end to end. Task runs created through the API until the receiver has them all and the
// ledger shows them `success`; the API and worker processes are measured while it runs. The traced
// part runs this same workload against its own pair, the transformed part to an endpoint with a
// transformation, each under a receiver tag of its own; the destinations part to a queue endpoint,
// which has no receiver: its runs are done when the ledger shows them `success`.
import type { ApiClient } from '../api-client';
import type { Ledger } from '../ledger';
import { watchProcess } from '../process-usage';
import type { BenchReceiver } from '../receiver';
import type { EdgeCronPart } from '../result';
import { runPool } from '../pool';
import type { BenchStack } from '../stack';
import { watchStackCpu } from '../stack-cpu';
import { perSecond } from '../stats';
import { createEndpoint, createQueueEndpoint } from './endpoints';
import { historyEventsPerRun } from '../history-events';
import { eagerShare, taskRunStartCounts } from '../start-counts';

export async function runEdgeCron(
  ctx: {
    api: ApiClient;
    receiver: BenchReceiver;
    ledger: Ledger;
    stack: Pick<BenchStack, 'apiPid' | 'workerPid' | 'pids' | 'metricsUrls' | 'temporalAddress' | 'namespace'>;
  },
  count: number,
  concurrency: number,
  timeoutMs: number,
  progress: (line: string) => void,
  { tag, name, endpoint, destination }: { tag: string; name: string; endpoint?: Record<string, unknown>; destination?: Record<string, unknown> } = {
    tag: 'e',
    name: 'E',
  },
): Promise<EdgeCronPart & { endpointId: string }> {
  const { api, receiver, ledger, stack } = ctx;
  const endpointId = destination ? await createQueueEndpoint(api, destination) : await createEndpoint(api, receiver.url(tag), endpoint);
  const apiUsage = watchProcess(stack.apiPid);
  const workerUsage = watchProcess(stack.workerPid);
  // The pair under test (the traced part's own, when it runs this), and the Temporal and PostgreSQL it shares.
  const stackCpu = watchStackCpu({ api: stack.apiPid, worker: stack.workerPid, temporal: stack.pids.temporal, postgres: stack.pids.postgres });
  const startsBefore = await taskRunStartCounts(stack.metricsUrls);
  const started = performance.now();
  await runPool(
    count,
    concurrency,
    async (i) => {
      await api.ok('POST', '/v1/task-runs', { endpointId, payload: { benchId: `${tag}-${i}`, kind: 'bench.delivery', n: i } });
    },
    (done) => progress(`${name} accepted ${done}/${count}${destination ? '' : `, delivered ${receiver.okCount(tag)}`}`),
  );
  progress(`${name} all ${count} accepted after ${Math.round(performance.now() - started)} ms; waiting for deliveries`);
  if (!destination) await receiver.waitForOk(tag, count, timeoutMs, (n) => progress(`${name} delivered ${n}/${count}`));
  const finished = await ledger.waitForRuns([endpointId], 'success', count, timeoutMs);
  const elapsedMs = finished - started;
  const cpuMsPerRun = stackCpu.stop(count);
  const apiCpu = apiUsage.stop(count);
  const workerCpu = workerUsage.stop(count);
  return {
    status: 'ok',
    endpointId,
    count,
    elapsedMs: Math.round(elapsedMs),
    perSecond: perSecond(count, elapsedMs),
    api: apiCpu,
    worker: workerCpu,
    cpuMsPerRun,
    eagerStartShare: eagerShare(startsBefore, await taskRunStartCounts(stack.metricsUrls)),
    historyEventsPerRun: await historyEventsPerRun(stack, await ledger.workflowIds(endpointId)),
  };
}
