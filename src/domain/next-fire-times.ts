// The next times a schedule fires, computed from its settings alone: what the API shows when Temporal
// cannot be asked. It follows the rules EdgeCron gives Temporal (src/temporal/schedule-spec.ts) and
// Temporal's calendar matching: whole seconds, strictly after `after`; startAt and endAt inclusive;
// day-of-month OR day-of-week when both are restricted (classic cron); a wall time that a spring-forward
// gap skips does not fire; a fall-back's repeated hour as Temporal treats it (see collectDay); nothing
// after the year 2100.
// Nominal times: jitter (a per-fire random delay Temporal adds) is not included.
// Walks matching days, not seconds: a yearly cron costs a handful of steps per year. Pure: no clock, no I/O.
import type { CronSpec } from './cron';
import { dayOffsets, resolveWall, wallHourAt, zoneOffsetMs, type DayOffsets } from './zone-clock';

export interface FireTiming {
  cron: CronSpec | null;
  /** A one-shot's time (whole seconds, UTC); used when there is no cron. */
  runAt: Date | null;
  /** IANA name; the cron is read in it. */
  timezone: string;
  startAt: Date | null;
  endAt: Date | null;
}

/** Temporal matches calendars up to this year; so do we. */
const LAST_YEAR = 2100;
const DAY_MS = 86_400_000;
const HOUR_MS = 3_600_000;
/** No zone is further ahead of UTC: a local day's instants all come after its wall start minus this. */
const MAX_AHEAD_MS = 14 * HOUR_MS;

const daysInMonth = (year: number, month: number) => new Date(Date.UTC(year, month, 0)).getUTCDate();
const wholeSecond = (ms: number) => Math.floor(ms / 1000) * 1000;

/** The `count` smallest times seen, ascending. */
class Earliest {
  readonly times: number[] = [];
  constructor(private readonly count: number) {}
  add(ms: number): void {
    if (this.times.includes(ms)) return;
    const at = this.times.findIndex((t) => t > ms);
    this.times.splice(at < 0 ? this.times.length : at, 0, ms);
    if (this.times.length > this.count) this.times.pop();
  }
  /** True when nothing at or after `ms` can still get in. */
  fullBefore(ms: number): boolean {
    return this.times.length === this.count && ms > this.times[this.count - 1];
  }
}

function matchesDay(spec: CronSpec, sets: { month: Set<number>; dom: Set<number>; dow: Set<number> }, y: number, m: number, d: number) {
  if (!sets.month.has(m)) return false;
  const weekday = new Date(Date.UTC(y, m - 1, d)).getUTCDay();
  const dom = sets.dom.has(d);
  const dow = sets.dow.has(weekday);
  // Classic cron: with both day fields restricted, either one matching is enough (two Temporal calendars).
  return spec.dayOfMonth.any || spec.dayOfWeek.any ? dom && dow : dom || dow;
}

/** Calls `emit` with each matching instant of hour `h`, in order, until a wall time falls in a gap. */
function matchHour(spec: CronSpec, hourWall: number, h: number, o: DayOffsets, emit: (at: number) => void): void {
  for (const mi of spec.minute.values) {
    for (const s of spec.second.values) {
      const at = resolveWall(hourWall + mi * 60_000 + s * 1000, o);
      if (wallHourAt(at, o) !== h) return; // skipped by a spring-forward gap: Temporal moves to the next hour
      emit(at);
    }
  }
}

/**
 * Adds the day's fire times after `bound` (and not after `end`) to `found`, hour by hour as Temporal
 * matches them: each wall time resolves to one instant (resolveWall), and when the hour after a
 * matching hour begins two hours later (a fall-back repeated it), Temporal goes through the matching
 * hour once more, one hour later. So in New York 01:30 fires twice on the November night; in Berlin
 * 02:30 fires once (at 02:30 CET) unless hour 1 matches too.
 */
function collectDay(spec: CronSpec, dayWall: number, o: DayOffsets, bound: number, end: number, found: Earliest): void {
  const mostAhead = Math.max(o.before, o.after);
  const leastAhead = Math.min(o.before, o.after);
  for (const h of spec.hour.values) {
    const hourWall = dayWall + h * HOUR_MS;
    if (found.fullBefore(hourWall - mostAhead)) return; // later hours only come later
    if (hourWall + 2 * HOUR_MS - leastAhead <= bound) continue; // the hour, and any repeat of it, is past
    const repeated = resolveWall(hourWall + HOUR_MS, o) - resolveWall(hourWall, o) > HOUR_MS;
    for (const shift of repeated ? [0, HOUR_MS] : [0]) {
      matchHour(spec, hourWall, h, o, (at) => {
        if (at + shift > bound && at + shift <= end) found.add(at + shift);
      });
    }
  }
}

function cronTimes(spec: CronSpec, timezone: string, bound: number, end: number, count: number): number[] {
  const sets = { month: new Set(spec.month.values), dom: new Set(spec.dayOfMonth.values), dow: new Set(spec.dayOfWeek.values) };
  const found = new Earliest(count);
  // Start a day early: the wall clock may stand behind in a repeated fall-back hour.
  const start = new Date(wholeSecond(bound + zoneOffsetMs(timezone, bound)) - DAY_MS);
  let [y, m, d] = [start.getUTCFullYear(), start.getUTCMonth() + 1, start.getUTCDate()];
  while (y <= LAST_YEAR) {
    if (!sets.month.has(m) || d > daysInMonth(y, m)) {
      [m, d] = m === 12 ? [1, 1] : [m + 1, 1];
      if (m === 1) y++;
      continue;
    }
    const dayWall = Date.UTC(y, m - 1, d);
    if (found.fullBefore(dayWall - MAX_AHEAD_MS) || dayWall - MAX_AHEAD_MS > end) break;
    if (matchesDay(spec, sets, y, m, d)) collectDay(spec, dayWall, dayOffsets(timezone, dayWall), bound, end, found);
    d++;
  }
  return found.times;
}

/** Up to `count` fire times after `after`, ascending. */
export function nextFireTimes(timing: FireTiming, after: Date, count: number): Date[] {
  if (count <= 0) return [];
  // Candidates are whole seconds strictly after the bound; startAt itself may fire.
  let bound = wholeSecond(after.getTime());
  if (timing.startAt) bound = Math.max(bound, wholeSecond(timing.startAt.getTime()) - 1000);
  const end = timing.endAt?.getTime() ?? Number.POSITIVE_INFINITY;
  if (!timing.cron) {
    const at = timing.runAt?.getTime();
    return at !== undefined && at > bound && at <= end ? [new Date(at)] : [];
  }
  return cronTimes(timing.cron, timing.timezone, bound, end, count).map((ms) => new Date(ms));
}
