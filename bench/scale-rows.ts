// Table rows of issue 36's scale parts (backlog, soak). They run only when named, so a run without
// them shows no row for them.
import type { BacklogPart } from './parts/backlog';
import type { SoakPart } from './parts/soak';
import { round } from './stats';

type Row = [part: string, figure: string, value: string, target: string];
const fmt = (n: number | undefined, unit = '') => (n === undefined ? '-' : `${n}${unit}`);

function failed(name: string, part: { status: string; detail?: string }): Row[] | undefined {
  return part.status === 'ok' ? undefined : [[name, part.status === 'failed' ? 'FAILED' : 'not available', '-', part.detail ?? '']];
}

export function backlogRows(b: BacklogPart | undefined): Row[] {
  if (!b) return [];
  const name = 'Backlog';
  const cost = b.figureCost;
  return failed(name, b) ?? [
    [name, `fill: ${fmt(b.fill?.taskRuns)} task runs + ${fmt(b.fill?.events)} events, Temporal stopped`, `${fmt(round(b.fill && b.fill.elapsedMs / 1000), ' s')} (${fmt(b.fill?.perSecond, ' /s')})`, ''],
    [name, 'fill: API answer p99', fmt(b.fill?.apiP99Ms, ' ms'), ''],
    [name, `drain with ${fmt(b.drain?.loadPerSecond, '/s')} new runs (E ${fmt(b.eRate, '/s')}, ${b.eRateFrom ?? ''})`, `${fmt(round(b.drain?.elapsedMs && b.drain.elapsedMs / 1000), ' s')} (${fmt(b.drain?.backlogPerSecond, ' /s')} of backlog)`, ''],
    [name, 'drain: all deliveries (backlog + new) / s, / E', `${fmt(b.drain?.perSecond, ' /s')} (${fmt(b.drain?.overE)})`, '>= 0.9 × E'],
    [name, 'new runs during the drain: send → arrival p50 / p99', `${fmt(b.drain?.newRunArrival?.p50Ms)} / ${fmt(b.drain?.newRunArrival?.p99Ms)} ms`, ''],
    [name, 'API p99 draining / half load, no backlog', `${fmt(b.drainApiP99OverHalfLoad)} (${fmt(b.drain?.apiP99Ms)} / ${fmt(b.halfLoadApiP99Ms)} ms)`, '<= 2'],
    [name, 'backlog figure: ms at N / at 0 (figure, exact)', `${fmt(cost?.atN.medianMs)} / ${fmt(cost?.atZero.medianMs)} ms (${fmt(cost?.atN.figure)}, ${fmt(cost?.atN.exact)})`, '<= max(1.5×, +1 ms)'],
    [name, 'a full count(*) at N instead, for scale', fmt(cost?.atN.fullCountMs, ' ms'), ''],
    // A drain that timed out leaves runs not yet delivered: those are not known to be lost.
    [name, b.drain && b.drain.elapsedMs === undefined ? 'not delivered when the drain timed out / duplicated' : 'lost / duplicated', `${fmt(b.lost)} / ${fmt(b.duplicated)}`, '0 / 0'],
  ];
}

export function soakRows(s: SoakPart | undefined): Row[] {
  if (!s) return [];
  const name = 'Soak';
  return failed(name, s) ?? [
    [name, `${s.minutes} min at ${fmt(s.ratePerSecond, '/s')} (${s.eRateFrom ?? ''})`, `${fmt(s.sent)} sent`, ''],
    [name, 'runs never delivered / delivered twice', `${fmt(s.lost)} / ${fmt(s.duplicated)}`, '0'],
    [name, 'RSS growth after minute 5, API / worker', s.rssGrowthNote ?? `${fmt(s.apiRssGrowthPct, ' %')} / ${fmt(s.workerRssGrowthPct, ' %')}`, '< 10 %'],
    [name, 'worst minute API p99 / median minute', `${fmt(s.maxMinuteP99OverMedian)} (median ${fmt(s.medianMinuteP99Ms, ' ms')})`, '<= 1.5'],
  ];
}
