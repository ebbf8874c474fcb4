// Where a run's time goes: CPU milliseconds per delivery of each process, for bare Temporal (T0) and
// EdgeCron (E, traced) in the same run. Read beside the throughput: a part that grows here is what
// the next cut should go after.
import type { BenchResult } from './result';
import { STACK_PARTS, type CpuPerDelivery } from './stack-cpu';

const LABELS: Record<(typeof STACK_PARTS)[number], string> = {
  api: 'API',
  worker: 'worker',
  temporal: 'Temporal server',
  postgres: 'PostgreSQL',
  bench: 'T0 client+worker',
};

export function renderCostTable(r: BenchResult): string {
  const columns: Array<[string, CpuPerDelivery | undefined]> = [
    ['T0', r.parts.t0?.cpuMsPerRun],
    ['E', r.parts.e?.cpuMsPerRun],
    ['traced', r.parts.traced?.cpuMsPerRun],
  ];
  const shown = columns.filter(([, c]) => c !== undefined);
  if (shown.length === 0) return 'CPU per delivery: T0 and E did not run';
  const cell = (n: number | undefined) => (n === undefined ? '' : n.toFixed(2));
  const rows = STACK_PARTS.map((p) => [LABELS[p], ...shown.map(([, c]) => cell(c![p]))]);
  rows.push(['total', ...shown.map(([, c]) => cell(Object.values(c!).reduce((a, b) => a + b, 0)))]);
  const header = ['CPU ms per delivery', ...shown.map(([name]) => name)];
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((row) => row[i].length)));
  const line = (row: string[]) => row.map((c, i) => (i === 0 ? c.padEnd(widths[i]) : c.padStart(widths[i]))).join(' | ');
  return [line(header), widths.map((w) => '-'.repeat(w)).join('-|-'), ...rows.map(line)].join('\n');
}
