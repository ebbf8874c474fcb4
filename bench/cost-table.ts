// Where a run's time goes: CPU milliseconds per delivery of each process, for bare Temporal (T0, T1)
// and EdgeCron (E, traced) in the same run, and beside them what each asked of Temporal: history events
// per run, and the share of starts that came back with their first workflow task (eager). Read beside
// the throughput: a part that grows here is what the next cut should go after.
import { totalCpuMs } from './goals';
import type { BenchResult } from './result';
import { STACK_PARTS, type CpuPerDelivery } from './stack-cpu';

const LABELS: Record<(typeof STACK_PARTS)[number], string> = {
  api: 'API',
  worker: 'worker',
  temporal: 'Temporal server',
  postgres: 'PostgreSQL',
  bench: 'T0/T1 client+worker',
};

interface Column {
  name: string;
  cpu?: CpuPerDelivery;
  historyEvents?: number;
  eagerShare?: number;
}

export function renderCostTable(r: BenchResult): string {
  const { t0, t1, e, traced } = r.parts;
  const columns: Column[] = [
    { name: 'T0', cpu: t0?.cpuMsPerRun, historyEvents: t0?.historyEventsPerRun, eagerShare: t0?.eagerStartShare },
    { name: 'T1', cpu: t1?.cpuMsPerRun, historyEvents: t1?.historyEventsPerRun, eagerShare: t1?.eagerStartShare },
    { name: 'E', cpu: e?.cpuMsPerRun, historyEvents: e?.historyEventsPerRun, eagerShare: e?.eagerStartShare },
    { name: 'traced', cpu: traced?.cpuMsPerRun, historyEvents: traced?.historyEventsPerRun, eagerShare: traced?.eagerStartShare },
  ];
  const shown = columns.filter((c) => c.cpu !== undefined);
  if (shown.length === 0) return 'CPU per delivery: T0, T1 and E did not run';
  const cell = (n: number | undefined, digits = 2) => (n === undefined ? '' : n.toFixed(digits));
  const rows = STACK_PARTS.map((p) => [LABELS[p], ...shown.map((c) => cell(c.cpu![p]))]);
  rows.push(['total', ...shown.map((c) => cell(totalCpuMs(c.cpu)))]);
  rows.push(['history events per run', ...shown.map((c) => cell(c.historyEvents, 1))]);
  rows.push(['eager starts (share)', ...shown.map((c) => cell(c.eagerShare, 3))]);
  const header = ['CPU ms per delivery', ...shown.map((c) => c.name)];
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((row) => row[i].length)));
  const line = (row: string[]) => row.map((c, i) => (i === 0 ? c.padEnd(widths[i]) : c.padStart(widths[i]))).join(' | ');
  return [line(header), widths.map((w) => '-'.repeat(w)).join('-|-'), ...rows.map(line)].join('\n');
}
