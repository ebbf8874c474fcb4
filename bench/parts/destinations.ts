// Destinations (issue 33): part E's workload (same count, concurrency and pair) to an SQS queue and to a
// Kafka topic, beside HTTP to the bench receiver: deliveries/s, and EdgeCron's own CPU per delivery
// (API + worker; the brokers are the bench's children, not EdgeCron, and never counted). HTTP is E's
// figure when E ran in this run, else this part runs E's workload itself, after the brokers are up so
// all three share the same machine.
import { startQueueBrokers, QUEUE_KINDS, type QueueBrokers, type QueueKind } from '../queue-brokers';
import type { EdgeCronPart, PartBase } from '../result';
import { ratio, round } from '../stats';
import { WARM_UP_RUNS } from '../warm-up';
import { createQueueEndpoint } from './endpoints';
import { runEdgeCron } from './edgecron';

export const DESTINATION_KINDS = ['http', ...QUEUE_KINDS] as const;
export type DestinationKind = (typeof DESTINATION_KINDS)[number];

export interface DestinationFigures extends PartBase {
  count: number;
  elapsedMs?: number;
  perSecond?: number;
  /** CPU ms per delivery of the API, the worker, and both. */
  apiCpuMs?: number;
  workerCpuMs?: number;
  cpuMs?: number;
  /** cpuMs over HTTP's (goal: at most 1.2). */
  cpuOverHttp?: number;
  /** Queues only: messages in the queue or topic at the end (at least once: more than count is a resend). */
  arrived?: number;
  /** HTTP only: 'E in this run' or 'this part'. */
  from?: string;
}

export interface DestinationsPart extends PartBase {
  count: number;
  byKind?: Partial<Record<DestinationKind, DestinationFigures>>;
}

type Ctx = Parameters<typeof runEdgeCron>[0];

function figures(run: EdgeCronPart): DestinationFigures {
  const api = run.cpuMsPerRun?.api;
  const worker = run.cpuMsPerRun?.worker;
  return {
    status: run.status,
    detail: run.detail,
    count: run.count,
    elapsedMs: run.elapsedMs,
    perSecond: run.perSecond,
    apiCpuMs: api,
    workerCpuMs: worker,
    cpuMs: api !== undefined && worker !== undefined ? round(api + worker, 2) : undefined,
  };
}

/** First sends pay for the SDK's or kafkajs's JIT and connections: a throwaway endpoint and queue take them. */
async function warmUpQueue(ctx: Ctx, brokers: QueueBrokers, kind: QueueKind, progress: (l: string) => void) {
  const target = await brokers.target(kind, `edgecron-bench-warmup-${kind}`);
  const endpointId = await createQueueEndpoint(ctx.api, target.destination);
  await Promise.all(
    Array.from({ length: WARM_UP_RUNS }, (_, i) => ctx.api.ok('POST', '/v1/task-runs', { endpointId, payload: { benchId: `warmup-${kind}-${i}` } })),
  );
  try {
    await ctx.ledger.waitForRuns([endpointId], 'success', WARM_UP_RUNS, 60_000);
  } catch (err) {
    // A destination that refuses (credentials, address policy) dead-letters: say so now, not after the part's timeout.
    const dead = await ctx.ledger.countRuns([endpointId], 'dead_letter');
    throw new Error(`${kind} warm-up: ${(err as Error).message}, ${dead} dead-lettered`);
  }
  progress(`warm-up done (${kind})`);
}

async function runQueue(ctx: Ctx, brokers: QueueBrokers, kind: QueueKind, count: number, concurrency: number, timeoutMs: number, progress: (l: string) => void) {
  await warmUpQueue(ctx, brokers, kind, progress);
  const target = await brokers.target(kind, `edgecron-bench-${kind}`);
  const run = await runEdgeCron(ctx, count, concurrency, timeoutMs, progress, { tag: kind, name: kind, destination: target.destination });
  const arrived = await target.arrived();
  progress(`${kind}: arrived ${arrived} of ${count}`);
  return { ...figures(run), arrived };
}

export async function runDestinations(
  ctx: Ctx,
  e: EdgeCronPart | undefined,
  count: number,
  concurrency: number,
  timeoutMs: number,
  progress: (line: string) => void,
): Promise<DestinationsPart> {
  const brokers = await startQueueBrokers(progress);
  const byKind: DestinationsPart['byKind'] = {};
  // One destination failing leaves the others' figures standing.
  const guarded = async (kind: DestinationKind, run: () => Promise<DestinationFigures>) => {
    try {
      byKind[kind] = await run();
    } catch (err) {
      progress(`destinations: ${kind} FAILED: ${(err as Error).message}`);
      byKind[kind] = { status: 'failed', count, detail: (err as Error).message };
    }
  };
  try {
    await guarded('http', async () =>
      e?.status === 'ok' && e.count === count
        ? { ...figures(e), from: 'E in this run' }
        : { ...figures(await runEdgeCron(ctx, count, concurrency, timeoutMs, progress, { tag: 'dest-http', name: 'http' })), from: 'this part' },
    );
    for (const kind of QUEUE_KINDS) await guarded(kind, () => runQueue(ctx, brokers, kind, count, concurrency, timeoutMs, progress));
  } finally {
    await brokers.close();
  }
  const httpCpu = byKind.http?.cpuMs;
  for (const kind of QUEUE_KINDS) {
    const f = byKind[kind];
    if (f) f.cpuOverHttp = ratio(f.cpuMs, httpCpu);
  }
  const failed = DESTINATION_KINDS.filter((k) => byKind[k]?.status !== 'ok');
  return failed.length
    ? { status: 'failed', count, byKind, detail: failed.map((k) => `${k}: ${byKind[k]?.detail}`).join('; ') }
    : { status: 'ok', count, byKind };
}
