// The benchmark harness end to end with tiny sizes against the test stack's PostgreSQL and Temporal:
// every part it can run reports well-formed figures, the rest say why not. No timing assertions.
import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, inject, it } from 'vitest';
import { runBench } from '../bench/harness';
import { parseOptions } from '../bench/options';
import type { BenchResult } from '../bench/result';
import { percentile, summarize } from '../bench/stats';
import { renderCostTable } from '../bench/cost-table';
import { renderGoals } from '../bench/goals';
import { renderTable } from '../bench/table';
import { writeResult } from '../bench/write-result';

describe('benchmark building blocks', () => {
  it('takes nearest-rank percentiles', () => {
    const samples = Array.from({ length: 100 }, (_, i) => 100 - i); // 100..1, unsorted
    expect(percentile(samples, 50)).toBe(50);
    expect(percentile(samples, 99)).toBe(99);
    expect(percentile([], 50)).toBeUndefined();
    expect(summarize([5])).toEqual({ count: 1, p50Ms: 5, p95Ms: 5, p99Ms: 5, maxMs: 5 });
  });

  it('reads options from flags over the environment and names a bad flag', () => {
    const o = parseOptions(['--n=50', '--parts=r0,e'], { BENCH_N: '10', BENCH_FANOUT: '7' });
    expect(o).toMatchObject({ n: 50, parts: ['r0', 'e'], fanout: 7 });
    expect(() => parseOptions(['--parts=r0,nope'], {})).toThrow(/--parts/);
    expect(() => parseOptions(['--bogus=1'], {})).toThrow(/unknown argument --bogus=1/);
    // The scale parts take minutes to an hour: only when named.
    expect(parseOptions([], {}).parts).not.toContain('backlog');
    expect(parseOptions([], {}).parts).not.toContain('soak');
    expect(parseOptions(['--parts=e,backlog,soak', '--backlog=3000', '--soak-minutes=2'], { BENCH_BACKLOG_RATE: '40' })).toMatchObject({
      parts: ['e', 'backlog', 'soak'],
      backlog: 3000,
      backlogRate: 40,
      soakMinutes: 2,
    });
  });
});

describe('npm run bench with tiny sizes', () => {
  let outDir = '';
  afterAll(async () => {
    if (outDir) await rm(outDir, { recursive: true, force: true });
  });

  it('runs every part and writes a result whose table shows each of them', { timeout: 300_000 }, async () => {
    outDir = await mkdtemp(join(tmpdir(), 'edgecron-bench-smoke-'));
    const options = parseOptions(
      ['--n=12', '--concurrency=4', '--latency-n=6', '--replay=4', '--hung-backlog=6', '--fanout=4', '--ordered=6', '--ordered-keys=2', '--lists-attempts=400', '--lists-calls=3', '--tenants=3', '--tenant-endpoints=2', '--tenant-rounds=1', '--timeout-s=60', `--out=${outDir}`],
      {},
    );
    const lines: string[] = [];
    const result = await runBench(options, (l) => lines.push(l), {
      databaseUrl: inject('databaseUrl'),
      temporalAddress: inject('temporalAddress'),
    });

    const { r0, t0, t1, e, traced, l0, latency, replay, isolation, fanout, ordered, lists, tenants } = result.parts;
    for (const part of [r0, t0, t1, e, traced]) {
      expect(part).toMatchObject({ status: 'ok', count: 12 });
      expect(part!.perSecond).toBeGreaterThan(0);
    }
    expect(e!.eOverT0).toBeGreaterThan(0);
    expect(e!.eOverT1).toBeGreaterThan(0);
    // Eager starts: T1 asks for them (its client shares its worker's connection), T0 does not; E's
    // runs are started by the worker's dispatcher, on the worker's connection.
    expect(t0!.eagerStartShare).toBe(0);
    expect(t1!.eagerStartShare).toBeGreaterThan(0);
    expect(e!.eagerStartShare).toBeGreaterThan(0);
    // History events per run, read from Temporal: T1's local activity and eager start leave fewer than T0's.
    for (const part of [t0, t1, e]) expect(part!.historyEventsPerRun).toBeGreaterThan(0);
    expect(t1!.historyEventsPerRun).toBeLessThan(t0!.historyEventsPerRun!);
    expect(e!.r0OverE).toBeGreaterThan(0);
    expect(e!.worker!.peakRssMb).toBeGreaterThan(0);
    expect(e!.api!.peakRssMb).toBeGreaterThan(0);
    // Traced: E's workload on a pair with tracing on; its spans reached the bench's OTLP sink.
    expect(traced!.tracedOverE).toBeGreaterThan(0);
    expect(traced!.spans).toBeGreaterThan(0);
    expect(traced!.spansPerRun).toBeGreaterThan(0);
    expect(traced!.worker!.cpuSecondsPer1000).toBeGreaterThanOrEqual(0);
    expect(traced!.api!.peakRssMb).toBeGreaterThan(0);
    expect(latency).toMatchObject({ status: 'ok', count: 6, acceptToArrival: { count: 6 } });
    expect(latency!.acceptToArrival!.p50Ms).toBeGreaterThan(0);
    // L0: bare Temporal's start→activity latency at the same rate, the baseline accept→arrival is read against.
    expect(l0).toMatchObject({ status: 'ok', count: 6, startToActivity: { count: 6 } });
    expect(latency!.acceptToArrivalOverL0).toBeGreaterThan(0);
    // Where the time goes: each measured process's CPU per delivery (Temporal and PostgreSQL are the
    // test stack's here, not this run's, so they are not measured).
    expect(t0!.cpuMsPerRun!.bench).toBeGreaterThan(0);
    expect(e!.cpuMsPerRun!.worker).toBeGreaterThan(0);
    expect(e!.cpuMsPerRun!.api).toBeGreaterThan(0);
    expect(e!.cpuMsPerRun!.temporal).toBeUndefined();
    // Replay, fanout and ordered delivery are all in this build: each gives a figure.
    expect(replay).toMatchObject({ status: 'ok', count: 4 });
    expect(fanout).toMatchObject({ status: 'ok', matchedEndpointCount: 4, failedRuns: 0, fanoutRuns: 1 });
    expect(fanout!.maxHistoryEvents).toBeGreaterThan(0);
    expect(fanout!.fanoutOverT0).toBeGreaterThan(0);
    expect(fanout!.worker!.peakRssMb).toBeGreaterThan(0);
    // Isolation: the healthy endpoint's runs all delivered while a hung one had a backlog.
    expect(isolation).toMatchObject({ status: 'ok', count: 12, hungBacklog: 6 });
    expect(isolation!.isolationOverE).toBeGreaterThan(0);
    expect(lists).toMatchObject({ status: 'ok', attempts: 400, calls: 3 });
    expect(Object.keys(lists!.byCall!)).toHaveLength(7);
    expect(ordered).toMatchObject({ status: 'ok', count: 6, keys: 2, keysOutOfOrder: 0 });
    // One tenant's event reached its 2 endpoints and none of the other tenants'.
    expect(tenants).toMatchObject({ status: 'ok', tenants: 3, endpointsPerTenant: 2, totalEndpoints: 8, otherTenantsDeliveries: 0 });
    expect(tenants!.tenantOverFlat).toBeGreaterThan(0);
    // Sources: signed inbound webhooks, accepted and delivered, beside E.
    expect(result.parts.sources).toMatchObject({ status: 'ok', count: 12 });
    expect(result.parts.sources!.acceptedPerSecond).toBeGreaterThan(0);
    expect(result.parts.sources!.sourcesOverE).toBeGreaterThan(0);
    // Transformed: E's workload through a function in the sandbox, beside E.
    expect(result.parts.transformed!.transformedOverE).toBeGreaterThan(0);
    // Destinations: E's workload to SQS and Kafka (brokers started by the part), HTTP's figure E's own.
    const destinations = result.parts.destinations!;
    expect(destinations).toMatchObject({ status: 'ok', count: 12, byKind: { http: { status: 'ok', from: 'E in this run' } } });
    for (const kind of ['sqs', 'kafka'] as const) {
      expect(destinations.byKind![kind], kind).toMatchObject({ status: 'ok', count: 12, arrived: 12 });
      expect(destinations.byKind![kind]!.perSecond, kind).toBeGreaterThan(0);
      expect(destinations.byKind![kind]!.cpuOverHttp, kind).toBeGreaterThan(0);
    }
    expect(lines.some((l) => l.includes('E: ok'))).toBe(true);

    const table = renderTable(result);
    // Every goal of issues 30, 33 and 34 has this run's figure beside it.
    expect(result.goals!.map((g) => g.goal)).toHaveLength(12);
    for (const goal of result.goals!) expect(goal.value, goal.goal).toBeGreaterThan(0);
    expect(renderGoals(result.goals!)).toMatch(/E \/ T0 .*\| >= 1 +\| (met|missed by)/);
    expect(renderGoals(result.goals!)).toMatch(/E \/ T1 .*\| >= 0\.8 +\| (met|missed by)/);
    expect(renderGoals(result.goals!)).toMatch(/CPU ms per delivery, all processes, E \/ T0 .*\| <= 1 +\| (met|missed by)/);
    const costs = renderCostTable(result);
    expect(costs).toMatch(/^worker +\| +\| +\| +\d+\.\d\d \| +\d+\.\d\d/m); // T0 and T1 have no worker process of their own
    expect(costs).toMatch(/^history events per run +\| +\d+\.\d \| +\d+\.\d \| +\d+\.\d \| +\d+\.\d$/m);
    expect(costs).toMatch(/^eager starts \(share\) +\| +0\.000 \| +[01]\.\d{3} \| +[01]\.\d{3}/m);
    for (const name of ['R0 raw undici', 'T0 bare Temporal', 'T1 eager + local activity', 'L0 bare Temporal latency', 'E EdgeCron', 'Traced', 'Latency', 'Replay', 'Isolation', 'Fanout', 'Ordered', 'Lists', 'Tenants', 'Sources', 'Destinations']) expect(table).toContain(name);

    // The JSON on disk is the same result, well formed.
    const file = await writeResult(result, outDir);
    expect(await readdir(outDir)).toEqual([file.split('/').pop()]);
    const written = JSON.parse(await readFile(file, 'utf8')) as BenchResult;
    expect(written).toEqual(result);
    expect(Date.parse(written.finishedAt)).toBeGreaterThanOrEqual(Date.parse(written.startedAt));
  });
});
