// Issue 30's goals (and 33's, 34's, 36's), read off one run: every path against bare Temporal (T0, T1, L0) or E measured in
// the same run, so the ratios hold on a shared machine.
import type { BenchResult, GoalCheck } from './result';
import type { CpuPerDelivery } from './stack-cpu';
import { ratio } from './stats';

const check = (goal: string, value: number | undefined, kind: GoalCheck['kind'], bound: number): GoalCheck => ({
  goal,
  value,
  kind,
  bound,
  met: value === undefined ? undefined : kind === 'min' ? value >= bound : kind === 'under' ? value < bound : value <= bound,
});

/** CPU ms per delivery over every measured process. */
export const totalCpuMs = (c: CpuPerDelivery | undefined) => (c ? Object.values(c).reduce((a, b) => a + b, 0) : undefined);

/** Issue 36's scale goals, only for the parts that ran (they run only when named). */
function scaleGoals(r: BenchResult): GoalCheck[] {
  const { backlog, soak } = r.parts;
  const goals: GoalCheck[] = [];
  if (backlog) {
    goals.push(
      check('backlog drain / E (issue 36)', backlog.drain?.overE, 'min', 0.9),
      check('API p99 while draining / at half load, no backlog', backlog.drainApiP99OverHalfLoad, 'max', 2),
      check('backlog figure ms at N / max(1.5 × at 0, at 0 + 1 ms)', backlog.figureCost?.overAllowance, 'max', 1),
      check('backlog: accepted but never delivered', backlog.lost, 'max', 0),
      check('backlog: delivered twice (same webhook-id)', backlog.duplicated, 'max', 0),
    );
  }
  if (soak) {
    const note = soak.rssGrowthNote;
    goals.push(
      { ...check('soak: API RSS growth after minute 5 (%)', soak.apiRssGrowthPct, 'under', 10), note },
      { ...check('soak: worker RSS growth after minute 5 (%)', soak.workerRssGrowthPct, 'under', 10), note },
      check('soak: runs never delivered', soak.lost, 'max', 0),
      check('soak: worst minute API p99 / median minute', soak.maxMinuteP99OverMedian, 'max', 1.5),
    );
  }
  return goals;
}

export function checkGoals(r: BenchResult): GoalCheck[] {
  return [...coreGoals(r), ...scaleGoals(r)];
}

function coreGoals(r: BenchResult): GoalCheck[] {
  const { t0, e, latency, replay, fanout, ordered, traced, transformed, destinations } = r.parts;
  return [
    check('E / T0', e?.eOverT0, 'min', 1.0),
    check('E / T1', e?.eOverT1, 'min', 0.8),
    check('CPU ms per delivery, all processes, E / T0', ratio(totalCpuMs(e?.cpuMsPerRun), totalCpuMs(t0?.cpuMsPerRun)), 'max', 1.0),
    check('fanout endpoints/s / T0', fanout?.fanoutOverT0, 'min', 1.0),
    check('ordered / E', ordered?.orderedOverE, 'min', 0.6),
    check('traced / E', traced?.tracedOverE, 'min', 0.9),
    check('transformed / E (issue 34)', transformed?.transformedOverE, 'min', 0.9),
    check('SQS CPU / HTTP (issue 33)', destinations?.byKind?.sqs?.cpuOverHttp, 'max', 1.2),
    check('Kafka CPU / HTTP (issue 33)', destinations?.byKind?.kafka?.cpuOverHttp, 'max', 1.2),
    check('bulk replay / E', replay?.replayOverE, 'min', 0.8),
    check('API answer p99 at half load (ms)', latency?.apiResponse?.p99Ms, 'max', 30),
    check('accept→arrival p50 / L0 p50', latency?.acceptToArrivalOverL0, 'max', 1.0),
  ];
}

export function renderGoals(goals: GoalCheck[]): string {
  const rows = goals.map((g) => [
    g.goal,
    g.value === undefined ? '-' : String(g.value),
    `${{ min: '>=', max: '<=', under: '<' }[g.kind]} ${g.bound}`,
    g.met === undefined ? (g.note ?? 'not run') : g.met ? 'met' : `missed by ${Math.abs(Math.round((g.value! - g.bound) * 100) / 100)}`,
  ]);
  const header = ['goal (issues 30, 33, 34, 36)', 'this run', 'goal', ''];
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((row) => row[i].length)));
  const line = (row: string[]) => row.map((c, i) => c.padEnd(widths[i])).join(' | ').trimEnd();
  return [line(header), widths.map((w) => '-'.repeat(w)).join('-|-'), ...rows.map(line)].join('\n');
}
