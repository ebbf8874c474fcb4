// Renders a run as a plain-text table: one row per figure, with the target where the issue sets one.
import type { BenchResult, PartBase } from './result';
import type { LatencySummary } from './stats';
import { sourcesRows } from './parts/sources';
import { destinationRows } from './destination-rows';
import { backlogRows, soakRows } from './scale-rows';

type Row = [part: string, figure: string, value: string, target: string];

const fmt = (n: number | undefined, unit = '') => (n === undefined ? '-' : `${n}${unit}`);
/** A traced figure with E's beside it, when E ran. */
const besideE = (traced: number | undefined, e: number | undefined, unit = '') => `${fmt(traced, unit)}${e === undefined ? '' : ` (E ${fmt(e, unit)})`}`;
const lat = (s: LatencySummary | undefined) =>
  s ? `${fmt(s.p50Ms)} / ${fmt(s.p95Ms)} / ${fmt(s.p99Ms)} ms` : '-';

function unavailable(name: string, part: PartBase | undefined): Row[] | undefined {
  if (!part) return [[name, 'not run', '-', '']];
  if (part.status === 'not_available') return [[name, 'not available in this build', '-', part.detail ?? '']];
  if (part.status === 'failed') return [[name, 'FAILED', '-', part.detail ?? '']];
  return undefined;
}

export function tableRows(r: BenchResult): Row[] {
  const rows: Row[] = [];
  const { r0, t0, t1, e, traced, transformed, l0, latency, replay, isolation, fanout, ordered, lists, tenants } = r.parts;
  rows.push(...(unavailable('R0 raw undici', r0) ?? [['R0 raw undici', `${r0!.count} POSTs`, fmt(r0!.perSecond, ' /s'), 'ceiling']]));
  rows.push(
    ...(unavailable('T0 bare Temporal', t0) ?? [
      ['T0 bare Temporal', `${t0!.count} workflows`, fmt(t0!.perSecond, ' /s'), ''],
      ['T0 bare Temporal', 'client+worker CPU s / 1000', fmt(t0!.cpuSecondsPer1000), ''],
    ]),
  );
  rows.push(
    ...(unavailable('T1 eager + local activity', t1) ?? [
      ['T1 eager + local activity', `${t1!.count} workflows`, fmt(t1!.perSecond, ' /s'), ''],
      ['T1 eager + local activity', 'eager starts (share)', fmt(t1!.eagerStartShare), ''],
      ['T1 eager + local activity', 'client+worker CPU s / 1000', fmt(t1!.cpuSecondsPer1000), ''],
    ]),
  );
  rows.push(
    ...(unavailable('E EdgeCron', e) ?? [
      ['E EdgeCron', `${e!.count} deliveries`, fmt(e!.perSecond, ' /s'), ''],
      ['E EdgeCron', 'E / T0', fmt(e!.eOverT0), '>= 1.0'],
      ['E EdgeCron', 'E / T1', fmt(e!.eOverT1), '>= 0.8'],
      ['E EdgeCron', 'eager starts (share)', fmt(e!.eagerStartShare), ''],
      ['E EdgeCron', 'R0 / E', fmt(e!.r0OverE), ''],
      ['E EdgeCron', 'API CPU s / 1000', fmt(e!.api?.cpuSecondsPer1000), ''],
      ['E EdgeCron', 'worker CPU s / 1000', fmt(e!.worker?.cpuSecondsPer1000), ''],
      ['E EdgeCron', 'API peak RSS', fmt(e!.api?.peakRssMb, ' MB'), ''],
      ['E EdgeCron', 'worker peak RSS', fmt(e!.worker?.peakRssMb, ' MB'), ''],
    ]),
  );
  rows.push(
    ...(unavailable('Traced', traced) ?? [
      ['Traced', `${traced!.count} deliveries, tracing on`, besideE(traced!.perSecond, e?.perSecond, ' /s'), ''],
      ['Traced', 'traced / E (cost of tracing)', fmt(traced!.tracedOverE), '>= 0.9'],
      ['Traced', 'API CPU s / 1000', besideE(traced!.api?.cpuSecondsPer1000, e?.api?.cpuSecondsPer1000), ''],
      ['Traced', 'worker CPU s / 1000', besideE(traced!.worker?.cpuSecondsPer1000, e?.worker?.cpuSecondsPer1000), ''],
      ['Traced', 'API peak RSS', besideE(traced!.api?.peakRssMb, e?.api?.peakRssMb, ' MB'), ''],
      ['Traced', 'worker peak RSS', besideE(traced!.worker?.peakRssMb, e?.worker?.peakRssMb, ' MB'), ''],
      ['Traced', 'spans received per run', `${fmt(traced!.spansPerRun)} (${fmt(traced!.spans)} in ${fmt(traced!.exportRequests)} exports)`, '> 0'],
      ['Traced', 'OTLP export per run', fmt(traced!.exportKbPerRun, ' KB'), ''],
    ]),
  );
  rows.push(
    ...(unavailable('Transformed', transformed) ?? [
      ['Transformed', `${transformed!.count} deliveries through a 20-line function`, besideE(transformed!.perSecond, e?.perSecond, ' /s'), ''],
      ['Transformed', 'transformed / E (cost of the sandbox)', fmt(transformed!.transformedOverE), '>= 0.9'],
      ['Transformed', 'worker CPU s / 1000', besideE(transformed!.worker?.cpuSecondsPer1000, e?.worker?.cpuSecondsPer1000), ''],
      ['Transformed', 'worker peak RSS', besideE(transformed!.worker?.peakRssMb, e?.worker?.peakRssMb, ' MB'), ''],
    ]),
  );
  rows.push(...destinationRows(r.parts.destinations));
  rows.push(
    ...(unavailable('L0 bare Temporal latency', l0) ?? [
      ['L0 bare Temporal latency', `rate sent (as latency)`, `${fmt(l0!.achievedPerSecond, ' /s')} (${l0!.count})`, ''],
      ['L0 bare Temporal latency', 'start→activity p50/p95/p99', lat(l0!.startToActivity), ''],
    ]),
  );
  rows.push(
    ...(unavailable('Latency', latency) ?? [
      ['Latency', 'rate sent (half of E)', `${fmt(latency!.achievedPerSecond, ' /s')} (${latency!.count})`, ''],
      ['Latency', 'accept→arrival p50/p95/p99', lat(latency!.acceptToArrival), ''],
      ['Latency', 'accept→arrival p50 / L0 p50', fmt(latency!.acceptToArrivalOverL0), '<= 1.0'],
      ['Latency', 'API answer p50/p95/p99', lat(latency!.apiResponse), 'p99 <= 30 ms'],
      ['Latency', 'ledger: insert→attempt p50/p95/p99', lat(latency!.createdToAttempt), ''],
      ['Latency', 'ledger: HTTP call p50/p95/p99', lat(latency!.http), ''],
    ]),
  );
  rows.push(
    ...(unavailable('Replay', replay) ?? [
      ['Replay', `${replay!.count} dead letters`, fmt(replay!.perSecond, ' /s'), ''],
      ['Replay', 'replay / E', fmt(replay!.replayOverE), '>= 0.8'],
    ]),
  );
  rows.push(
    ...(unavailable('Isolation', isolation) ?? [
      ['Isolation', `${isolation!.count} healthy runs, ${isolation!.hungBacklog} queued to a hung endpoint`, fmt(isolation!.perSecond, ' /s'), ''],
      ['Isolation', 'healthy / E', fmt(isolation!.isolationOverE), ''],
    ]),
  );
  rows.push(
    ...(unavailable('Fanout', fanout) ?? [
      ['Fanout', `1 event → ${fanout!.endpoints} endpoints`, `matched ${fmt(fanout!.matchedEndpointCount)}`, ''],
      ['Fanout', 'time to last first attempt', fmt(fanout!.lastFirstAttemptMs && fanout!.lastFirstAttemptMs / 1000, ' s'), ''],
      ['Fanout', 'endpoints/s to last first attempt, / T0', `${fmt(fanout!.perSecond, ' /s')} (${fmt(fanout!.fanoutOverT0)})`, '>= 1.0 × T0'],
      ['Fanout', 'time to all success', fmt(fanout!.allSuccessMs && fanout!.allSuccessMs / 1000, ' s'), ''],
      ['Fanout', 'runs not success', fmt(fanout!.failedRuns), '0'],
      ['Fanout', 'fanout workflow runs / longest history', `${fmt(fanout!.fanoutRuns)} / ${fmt(fanout!.maxHistoryEvents)} events`, '< 10,240 events'],
      ['Fanout', 'peak RSS API / worker', `${fmt(fanout!.api?.peakRssMb, ' MB')} / ${fmt(fanout!.worker?.peakRssMb, ' MB')}`, ''],
    ]),
  );
  rows.push(
    ...(unavailable('Lists', lists) ?? Object.entries(lists!.byCall ?? {}).map(([call, s]): Row => [
      'Lists', `${call} (${lists!.attempts.toLocaleString('en')} attempts)`, `p50 ${fmt(s.p50Ms)} / p99 ${fmt(s.p99Ms)} ms`, '',
    ]).concat([['Lists', 'bytes per row, indexes included', Object.entries(lists!.bytesPerRow ?? {}).map(([t, b]) => `${t} ${b}`).join(', '), '']])),
  );
  rows.push(
    ...(unavailable('Ordered', ordered) ?? [
      ['Ordered', `${ordered!.count} events over ${ordered!.keys} keys`, fmt(ordered!.perSecond, ' /s'), ''],
      ['Ordered', 'ordered / E (unordered)', fmt(ordered!.orderedOverE), '>= 0.6'],
      ['Ordered', 'keys out of publish order', fmt(ordered!.keysOutOfOrder), '0'],
    ]),
  );
  rows.push(
    ...(unavailable('Tenants', tenants) ?? [
      ['Tenants', `1 tenant of ${tenants!.tenants} × ${tenants!.endpointsPerTenant} endpoints: last first attempt`, fmt(tenants!.tenantLastFirstAttemptMs, ' ms'), ''],
      ['Tenants', `${tenants!.endpointsPerTenant}-endpoint installation: last first attempt`, fmt(tenants!.flatLastFirstAttemptMs, ' ms'), ''],
      ['Tenants', 'tenant / installation', fmt(tenants!.tenantOverFlat), '~1'],
      ['Tenants', 'endpoint lookup: tenant / installation', `${fmt(tenants!.lookupTenantOverFlat)} (${fmt(tenants!.tenantLookupMs)} / ${fmt(tenants!.flatLookupMs)} ms)`, '~1'],
      ['Tenants', 'lookup without tenant, among them all (interleaved)', fmt(tenants!.flatAfterLookupMs, ' ms'), ''],
      ['Tenants', "deliveries to other tenants' endpoints", fmt(tenants!.otherTenantsDeliveries), '0'],
    ]),
  );
  rows.push(...sourcesRows(r.parts.sources, fmt));
  rows.push(...backlogRows(r.parts.backlog), ...soakRows(r.parts.soak));
  return rows;
}

export function renderTable(r: BenchResult): string {
  const header: Row = ['part', 'figure', 'value', 'target'];
  const rows = [header, ...tableRows(r)];
  const widths = header.map((_, i) => Math.max(...rows.map((row) => row[i].length)));
  const line = (row: Row) => row.map((cell, i) => cell.padEnd(widths[i])).join(' | ').trimEnd();
  const rule = widths.map((w) => '-'.repeat(w)).join('-|-');
  return [line(header), rule, ...rows.slice(1).map(line), '', ...r.notes.map((n) => `note: ${n}`)].join('\n');
}
