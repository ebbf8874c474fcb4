// One benchmark run: boot the stack, run the chosen parts in order (R0, T0, T1 and E back to back so
// their ratios compare like with like on a shared machine), and return the result.
import { cpus, loadavg } from 'node:os';
import { createApiClient } from './api-client';
import { openLedger } from './ledger';
import type { BenchOptions } from './options';
import { checkGoals } from './goals';
import { runBareLatency } from './parts/bare-latency';
import { runBareTemporal, T1 } from './parts/bare-temporal';
import { runEdgeCron } from './parts/edgecron';
import { runFanout } from './parts/fanout';
import { runIsolation } from './parts/isolation';
import { runLists } from './parts/lists';
import { runLatency } from './parts/latency';
import { runOrdered } from './parts/ordered';
import { runTenantFanout } from './parts/tenant-fanout';
import { runRawUndici } from './parts/raw-undici';
import { runReplay } from './parts/replay';
import { runSources } from './parts/sources';
import { runBacklog } from './parts/backlog';
import { runSoak } from './parts/soak';
import { runResume } from './parts/resume';
import { runTraced, startTracedPair, type TracedPair } from './parts/traced';
import { runTransformed } from './parts/transformed';
import { runDestinations } from './parts/destinations';
import type { ReferenceRate } from './paced-sender';
import { startBenchReceiver } from './receiver';
import type { BenchResult, PartBase } from './result';
import { startBenchCluster } from './cluster';
import { startBenchStack, type ExternalServices } from './stack';
import { perSecond, ratio } from './stats';
import { warmUp } from './warm-up';

/** Without E, the latency part sends at this rate. */
const FALLBACK_LATENCY_RATE = 20;
/** Without E or --backlog-rate, the backlog and soak parts measure E's rate on this many runs first. */
const RATE_PROBE_RUNS = 200;

const NOTES = [
  'R0, T0, T1 and E run back to back in one process tree on one machine; other work on the machine moves them all, so read the ratios rather than the absolute rates.',
  'T1 is T0 started eagerly (its client shares the worker\'s connection) with the activity run as a local activity: the engine\'s limit for this shape.',
  'The API and the worker each run in a child process of their own (src/main/api.ts, src/main/worker.ts); CPU and peak RSS are theirs alone, over the E part.',
  'Traced runs E\'s workload right after E on a second API + worker pair (own task queue, booted and warmed up with E\'s, idle until its part) with tracing on, exporting to an OTLP sink in the bench process; traced / E is what tracing costs in throughput.',
  'Transformed runs E\'s workload on E\'s pair right after it, to an endpoint whose 20-line transformation (bench/parts/transformed.ts) reshapes every delivery in the QuickJS sandbox; transformed / E is what the sandbox costs in throughput.',
  'Destinations sends E\'s workload to an SQS queue (moto) and a Kafka topic (one KRaft node), both on loopback and started by the part; CPU per delivery is the API\'s and the worker\'s only (the brokers are not EdgeCron), beside HTTP\'s (E\'s when E ran).',
  'Latency is measured from the moment the client sends POST /v1/task-runs (so it includes the API) to the receiver reading the request.',
];

async function guarded<T extends PartBase>(name: string, progress: (l: string) => void, run: () => Promise<T>, fallback: Omit<T, 'status'>): Promise<T> {
  const started = performance.now();
  progress(`${name}: starting`);
  try {
    const result = await run();
    progress(`${name}: ${result.status} in ${Math.round((performance.now() - started) / 100) / 10} s`);
    return result;
  } catch (err) {
    progress(`${name}: FAILED: ${(err as Error).message}`);
    return { ...fallback, status: 'failed', detail: (err as Error).message } as T;
  }
}

export async function runBench(
  o: BenchOptions,
  log: (line: string) => void,
  external?: ExternalServices,
): Promise<BenchResult> {
  const startedAt = new Date();
  const timeoutMs = o.timeoutS * 1000;
  const on = (p: BenchOptions['parts'][number]) => o.parts.includes(p);
  const cluster = o.temporal === 'cluster' && !external ? await startBenchCluster((l) => log(`[cluster] ${l}`)) : undefined;
  log(`booting the stack (PostgreSQL, ${cluster ? 'the Temporal cluster above' : 'Temporal dev server'}, API and worker processes)`);
  const stack = await startBenchStack(o.logLevel, (source, line) => {
    // The stack's own steps, and anything the API or worker processes print (they log at --log-level).
    if (source === 'stack' || source === 'api' || source === 'worker') log(`[${source}] ${line}`);
  }, external ?? cluster, o.cpuProfileDir, {
    // The backlog part stops Temporal and starts it again, and fills the outbox past the default limit.
    restartableTemporal: on('backlog'),
    pairEnv: on('backlog') ? { DISPATCH_BACKLOG_LIMIT: String(2 * o.backlog + 10_000) } : undefined,
  }).catch(async (err: unknown) => {
    await cluster?.stop();
    throw err;
  });
  const receiver = await startBenchReceiver();
  const api = createApiClient(stack.apiUrl, stack.apiKey);
  const ledger = openLedger(stack.databaseUrl);
  const result: BenchResult = {
    label: o.label,
    startedAt: startedAt.toISOString(),
    finishedAt: '',
    machine: { cpus: cpus().length, loadAverage1m: Math.round(loadavg()[0] * 100) / 100, node: process.version },
    options: { ...o },
    notes: [...NOTES, ...(cluster ? [cluster.description] : [])],
    parts: {},
  };
  const ctx = { api, receiver, ledger, stack };
  // The traced part's pair boots and warms up now, beside E's, so nothing measured overlaps its start.
  const tracedPair: Promise<TracedPair | Error> | undefined = on('traced')
    ? startTracedPair(ctx, log).catch((err: unknown) => err as Error)
    : undefined;
  try {
    await Promise.all([warmUp(api, receiver, 'warmup', log), tracedPair]);
    if (on('r0')) result.parts.r0 = await guarded('R0', log, () => runRawUndici(receiver, o.n, log), { count: o.n });
    if (on('t0')) {
      result.parts.t0 = await guarded('T0', log, () => runBareTemporal(stack, o.n, o.concurrency, timeoutMs, log), { count: o.n });
    }
    if (on('t1')) {
      result.parts.t1 = await guarded('T1', log, () => runBareTemporal(stack, o.n, o.concurrency, timeoutMs, log, T1), { count: o.n });
    }
    if (on('e')) {
      const e = await guarded('E', log, () => runEdgeCron(ctx, o.n, o.concurrency, timeoutMs, log), { count: o.n, endpointId: '' });
      const { endpointId: _unused, ...part } = e;
      result.parts.e = {
        ...part,
        eOverT0: ratio(e.perSecond, result.parts.t0?.perSecond),
        eOverT1: ratio(e.perSecond, result.parts.t1?.perSecond),
        r0OverE: ratio(result.parts.r0?.perSecond, e.perSecond),
      };
    }
    const eRate = result.parts.e?.perSecond;
    if (on('traced')) {
      result.parts.traced = await guarded('traced', log, async () => {
        const pair = await tracedPair!;
        if (pair instanceof Error) throw pair;
        return runTraced(pair, ctx, o.n, o.concurrency, eRate, timeoutMs, log);
      }, { count: o.n });
    }
    if (on('transformed')) {
      result.parts.transformed = await guarded('transformed', log, () => runTransformed(ctx, o.n, o.concurrency, eRate, timeoutMs, log), { count: o.n });
    }
    if (on('destinations')) {
      // HTTP's figure is E's when E ran with the same count; the part starts (and stops) SQS and Kafka itself.
      result.parts.destinations = await guarded('destinations', log, () => runDestinations(ctx, result.parts.e, o.n, o.concurrency, timeoutMs, log), { count: o.n });
    }
    const latencyRate = o.latencyRate ?? (eRate ? eRate / 2 : FALLBACK_LATENCY_RATE);
    if (on('l0')) {
      result.parts.l0 = await guarded('L0', log, () => runBareLatency(stack, o.latencyN, latencyRate, timeoutMs, log), { count: o.latencyN });
    }
    if (on('latency')) {
      const part = await guarded('latency', log, () => runLatency(ctx, o.latencyN, latencyRate, timeoutMs, log), { count: o.latencyN, endpointId: '' });
      const { endpointId: _unused, ...rest } = part;
      result.parts.latency = { ...rest, acceptToArrivalOverL0: ratio(rest.acceptToArrival?.p50Ms, result.parts.l0?.startToActivity?.p50Ms) };
    }
    if (on('replay')) {
      result.parts.replay = await guarded('replay', log, () => runReplay(ctx, o.replay, o.concurrency, eRate, timeoutMs, log), { count: o.replay });
      if (result.parts.replay.status === 'ok' && result.parts.replay.detail) result.notes.push(`Replay: ${result.parts.replay.detail}.`);
    }
    if (on('resume')) result.parts.resume = await guarded('resume', log, () => runResume(ctx, o.hungBacklog, o.concurrency, timeoutMs, log), { count: o.hungBacklog });
    if (on('isolation')) {
      result.parts.isolation = await guarded('isolation', log, () => runIsolation(ctx, o.hungBacklog, o.n, o.concurrency, eRate, timeoutMs, log), {
        count: o.n,
        hungBacklog: o.hungBacklog,
      });
    }
    if (on('fanout')) {
      const fanout = await guarded('fanout', log, () => runFanout(ctx, o.fanout, timeoutMs, log), { endpoints: o.fanout });
      const rate = fanout.lastFirstAttemptMs ? perSecond(fanout.endpoints, fanout.lastFirstAttemptMs) : undefined;
      result.parts.fanout = { ...fanout, perSecond: rate, fanoutOverT0: ratio(rate, result.parts.t0?.perSecond) };
    }
    if (on('ordered')) {
      result.parts.ordered = await guarded('ordered', log, () => runOrdered(ctx, o.ordered, o.orderedKeys, eRate, timeoutMs, log), {
        count: o.ordered,
        keys: o.orderedKeys,
      });
    }
    if (on('tenants')) {
      const sizes = { tenants: o.tenants, perTenant: o.tenantEndpoints, rounds: o.tenantRounds };
      result.parts.tenants = await guarded('tenants', log, () => runTenantFanout(ctx, sizes, timeoutMs, log), {
        tenants: o.tenants,
        endpointsPerTenant: o.tenantEndpoints,
      });
    }
    if (on('lists')) {
      result.parts.lists = await guarded('lists', log, () => runLists(ctx, o.listsAttempts, o.listsCalls, log), {
        attempts: o.listsAttempts,
        calls: o.listsCalls,
      });
    }
    if (on('sources')) result.parts.sources = await guarded('sources', log, () => runSources(ctx, o.n, o.concurrency, eRate, timeoutMs, log), { count: o.n });
    // The scale parts' load is half of E: --backlog-rate if given, else E's rate, else a short probe's.
    let probed: Promise<ReferenceRate> | undefined;
    const referenceRate = () =>
      (probed ??= o.backlogRate
        ? Promise.resolve({ rate: o.backlogRate, from: '--backlog-rate' })
        : eRate
          ? Promise.resolve({ rate: eRate, from: 'E in this run' })
          : runEdgeCron(ctx, RATE_PROBE_RUNS, o.concurrency, timeoutMs, log, { tag: 'probe', name: 'rate probe' }).then((p) => {
              if (!p.perSecond) throw new Error('the rate probe measured nothing');
              return { rate: p.perSecond, from: `a ${RATE_PROBE_RUNS}-run probe` };
            }));
    if (on('backlog')) {
      result.parts.backlog = await guarded('backlog', log, async () => runBacklog(ctx, o.backlog, o.concurrency, await referenceRate(), timeoutMs, log), {
        count: o.backlog,
      });
    }
    if (on('soak')) {
      result.parts.soak = await guarded('soak', log, async () => runSoak(ctx, o.soakMinutes, await referenceRate(), timeoutMs, log), { minutes: o.soakMinutes });
    }
    result.goals = checkGoals(result);
  } finally {
    result.finishedAt = new Date().toISOString();
    const pair = await tracedPair;
    if (pair && !(pair instanceof Error)) await pair.stop();
    await api.close();
    await ledger.close();
    await receiver.close();
    log('stopping the stack');
    await stack.stop();
    await cluster?.stop();
  }
  return result;
}
