// The next times a schedule fires, computed from its settings alone: what the API shows when Temporal
// cannot be asked. It follows the calendars EdgeCron gives Temporal (src/temporal/schedule-spec.ts: two
// calendars when both day fields are restricted, so either day matches) and the way Temporal's scheduler
// steps through a calendar: whole seconds, strictly after the previous time; startAt and endAt inclusive;
// nothing after the year 2100; wall times resolved as Go's time.Date does (zone-clock.ts); a wall time a
// spring-forward gap skips does not fire; a repeated fall-back hour is walked again, an hour later, only
// when the search leaves a matching hour into it (so 01:30 fires twice in New York, 02:30 once in Berlin).
// Nominal times: jitter (a per-fire random delay Temporal adds) is not included.
// The search skips whole months, days, hours and minutes that cannot match: a yearly cron costs a few
// hundred integer steps per fire, never a walk through every second. Pure: no clock, no I/O.
import type { CronSpec } from './cron';
import { dayOffsets, resolveWall, wallClockMs, wallHourAt, type DayOffsets } from './zone-clock';

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

const daysInMonth = (year: number, month: number) => new Date(Date.UTC(year, month, 0)).getUTCDate();
const wholeSecond = (ms: number) => Math.floor(ms / 1000) * 1000;

/** One Temporal calendar: every field must match. */
interface Calendar {
  second: Set<number>;
  minute: Set<number>;
  hour: Set<number>;
  dayOfMonth: Set<number>;
  month: Set<number>;
  dayOfWeek: Set<number>;
}

const ALL_DAYS = new Set(Array.from({ length: 31 }, (_, i) => i + 1));
const ALL_WEEKDAYS = new Set([0, 1, 2, 3, 4, 5, 6]);

/** The calendars src/temporal/schedule-spec.ts gives Temporal for this cron. */
function calendarsOf(spec: CronSpec): Calendar[] {
  const base = { second: new Set(spec.second.values), minute: new Set(spec.minute.values), hour: new Set(spec.hour.values), month: new Set(spec.month.values) };
  const dom = new Set(spec.dayOfMonth.values);
  const dow = new Set(spec.dayOfWeek.values);
  if (!spec.dayOfMonth.any && !spec.dayOfWeek.any) {
    return [{ ...base, dayOfMonth: dom, dayOfWeek: ALL_WEEKDAYS }, { ...base, dayOfMonth: ALL_DAYS, dayOfWeek: dow }];
  }
  return [{ ...base, dayOfMonth: dom, dayOfWeek: dow }];
}

/** Wall time → instant in one zone, with each day's offsets looked up once. */
class ZoneDays {
  private readonly days = new Map<number, DayOffsets>();
  constructor(readonly timeZone: string) {}
  offsets(wallMs: number): DayOffsets {
    const day = Math.floor(wallMs / DAY_MS) * DAY_MS;
    let o = this.days.get(day);
    if (!o) this.days.set(day, (o = dayOffsets(this.timeZone, day)));
    return o;
  }
  /** The instant of a wall time (fields may overflow, as Date.UTC allows), and the wall hour it lands on. */
  resolve(y: number, mo: number, d: number, h: number, m: number, s: number): { at: number; hour: number } {
    const wall = Date.UTC(y, mo - 1, d, h, m, s);
    const o = this.offsets(wall);
    const at = resolveWall(wall, o);
    return { at, hour: wallHourAt(at, o) };
  }
}

/** The first time after `after` that the calendar matches, or null (none up to 2100). */
function calendarNext(cal: Calendar, zone: ZoneDays, after: number): number | null {
  const wall = new Date(wallClockMs(zone.timeZone, after));
  let [y, mo, d] = [wall.getUTCFullYear(), wall.getUTCMonth() + 1, wall.getUTCDate()];
  let [h, m, s] = [wall.getUTCHours(), wall.getUTCMinutes(), wall.getUTCSeconds()];
  // Inside the second copy of a repeated hour, times are that copy's: one hour after the first's.
  let shift = new Date(wallClockMs(zone.timeZone, after - HOUR_MS)).getUTCHours() === h ? HOUR_MS : 0;
  s++;
  for (;;) {
    if (s >= 60) [m, s] = [m + 1, 0];
    if (m >= 60) {
      const hourStart = zone.resolve(y, mo, d, h, 0, 0).at;
      const nextHourStart = zone.resolve(y, mo, d, h + 1, 0, 0).at;
      // Leaving an hour into one that starts two hours later: a fall-back repeats it, walk it again.
      if (shift === 0 && nextHourStart - hourStart > HOUR_MS) shift = HOUR_MS;
      else [h, shift] = [h + 1, 0];
      m = 0;
    }
    if (h >= 24) [d, h] = [d + 1, 0];
    if (d > daysInMonth(y, mo)) [mo, d] = [mo + 1, 1];
    if (mo > 12) [y, mo] = [y + 1, 1];
    if (y > LAST_YEAR) return null;
    if (!cal.month.has(mo)) {
      [mo, d, h, m, s, shift] = [mo + 1, 1, 0, 0, 0, 0];
      continue;
    }
    if (!cal.dayOfMonth.has(d) || !cal.dayOfWeek.has(new Date(Date.UTC(y, mo - 1, d)).getUTCDay())) {
      [d, h, m, s, shift] = [d + 1, 0, 0, 0, 0];
      continue;
    }
    if (!cal.hour.has(h)) {
      [h, m, s, shift] = [h + 1, 0, 0, 0];
      continue;
    }
    if (!cal.minute.has(m)) {
      [m, s] = [m + 1, 0];
      continue;
    }
    if (!cal.second.has(s)) {
      s++;
      continue;
    }
    const { at, hour } = zone.resolve(y, mo, d, h, m, s);
    if (hour !== h) {
      // A spring-forward gap swallowed this wall time: try the next hour.
      [h, m, s] = [h + 1, 0, 0];
      continue;
    }
    return at + shift;
  }
}

function cronTimes(spec: CronSpec, timezone: string, bound: number, end: number, count: number): number[] {
  const calendars = calendarsOf(spec);
  const zone = new ZoneDays(timezone);
  const out: number[] = [];
  let after = bound;
  while (out.length < count) {
    const candidates = calendars.map((c) => calendarNext(c, zone, after)).filter((t): t is number => t !== null);
    if (candidates.length === 0) break;
    const next = Math.min(...candidates);
    if (next > end) break;
    out.push(next);
    after = next;
  }
  return out;
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
