// Fanout: one event published to K endpoints subscribed to `bench.*`; time from POST /v1/events to
// the last endpoint's first attempt, and to every run `success`. Builds without events report
// "not available".
import { Client, Connection } from '@temporalio/client';
import { hasRoute, type ApiClient } from '../api-client';
import { watchProcess } from '../process-usage';
import type { Ledger } from '../ledger';
import type { BenchReceiver } from '../receiver';
import { notAvailable, type FanoutPart } from '../result';
import { runPool } from '../pool';
import { createEndpoint } from './endpoints';

interface FanoutStack {
  apiPid: number;
  workerPid: number;
  temporalAddress: string;
  namespace: string;
}

/** The fanout workflow's runs (it continues as new per page of endpoints) and the longest history among them. */
async function fanoutHistory(stack: FanoutStack, eventId: string): Promise<{ runs: number; maxHistoryEvents: number }> {
  const connection = await Connection.connect({ address: stack.temporalAddress });
  try {
    const client = new Client({ connection, namespace: stack.namespace });
    const workflowId = `event-fanout/${eventId}`;
    // Its last run ends just after it records the match count the caller waited for; visibility
    // gives a run's history length once the run has closed, and a moment after that.
    await client.workflow.getHandle(workflowId).result();
    const deadline = Date.now() + 10_000;
    for (;;) {
      let runs = 0;
      let maxHistoryEvents = 0;
      let unknown = 0;
      for await (const wf of client.workflow.list({ query: `WorkflowId = '${workflowId}'` })) {
        runs += 1;
        if (wf.historyLength > 0) maxHistoryEvents = Math.max(maxHistoryEvents, wf.historyLength);
        else unknown += 1;
      }
      if ((runs > 0 && unknown === 0) || Date.now() > deadline) return { runs, maxHistoryEvents };
      await new Promise((r) => setTimeout(r, 200));
    }
  } finally {
    await connection.close();
  }
}

export async function runFanout(
  ctx: { api: ApiClient; receiver: BenchReceiver; ledger: Ledger; stack: FanoutStack },
  endpoints: number,
  timeoutMs: number,
  progress: (line: string) => void,
): Promise<FanoutPart> {
  const { api, receiver, ledger } = ctx;
  if (!(await hasRoute(api, 'POST', '/v1/events', {}))) return { ...notAvailable('POST /v1/events answers 404'), endpoints };
  const ids: string[] = [];
  await runPool(
    endpoints,
    8,
    async () => {
      ids.push(await createEndpoint(api, receiver.url('fanout'), { eventTypes: ['bench.*'] }));
    },
    (done) => progress(`fanout: ${done}/${endpoints} endpoints created`),
  );
  receiver.reset('fanout');
  const apiUsage = watchProcess(ctx.stack.apiPid);
  const workerUsage = watchProcess(ctx.stack.workerPid);
  const started = performance.now();
  const event = await api.ok<{ id: string }>('POST', '/v1/events', {
    type: 'bench.fanout',
    payload: { benchId: 'fanout', kind: 'bench.event' },
    idempotencyKey: `bench-${Date.now().toString(36)}`,
  });
  const lastFirst = await receiver.waitForOk('fanout', endpoints, timeoutMs, (n) => progress(`fanout delivered ${n}/${endpoints}`));
  const allSuccess = await ledger.waitForRuns(ids, 'success', endpoints, timeoutMs);
  const apiProcess = apiUsage.stop(endpoints);
  const workerProcess = workerUsage.stop(endpoints);
  const failedRuns = endpoints - (await ledger.countRuns(ids, 'success'));
  // The event records how many endpoints it matched once its fanout workflow has finished.
  let view = await api.ok<{ matchedEndpointCount?: number | null }>('GET', `/v1/events/${event.id}`);
  for (let tries = 0; typeof view.matchedEndpointCount !== 'number' && tries < 100; tries++) {
    await new Promise((r) => setTimeout(r, 300));
    view = await api.ok<{ matchedEndpointCount?: number | null }>('GET', `/v1/events/${event.id}`);
  }
  const history = await fanoutHistory(ctx.stack, event.id);
  return {
    status: 'ok',
    endpoints,
    failedRuns,
    fanoutRuns: history.runs,
    maxHistoryEvents: history.maxHistoryEvents,
    api: apiProcess,
    worker: workerProcess,
    matchedEndpointCount: view.matchedEndpointCount ?? undefined,
    lastFirstAttemptMs: Math.round(lastFirst - started),
    allSuccessMs: Math.round(allSuccess - started),
  };
}
