// Wall clock ↔ instant in an IANA time zone, with Intl only (the runtime's own time zone database).
// Times are milliseconds; a "wall" time is the local date and time written as if it were UTC.
// Pure: no clock, no I/O.

const HOUR_MS = 3_600_000;
const formatters = new Map<string, Intl.DateTimeFormat>();

function formatter(timeZone: string): Intl.DateTimeFormat {
  let f = formatters.get(timeZone);
  if (!f) {
    f = new Intl.DateTimeFormat('en-US', {
      timeZone, hourCycle: 'h23', year: 'numeric', month: 'numeric', day: 'numeric', hour: 'numeric', minute: 'numeric', second: 'numeric',
    });
    formatters.set(timeZone, f);
  }
  return f;
}

/** The wall clock at an instant (whole seconds), as UTC milliseconds. */
export function wallClockMs(timeZone: string, instantMs: number): number {
  const parts: Record<string, number> = {};
  for (const p of formatter(timeZone).formatToParts(new Date(instantMs))) {
    if (p.type !== 'literal') parts[p.type] = Number(p.value);
  }
  return Date.UTC(parts.year, parts.month - 1, parts.day, parts.hour, parts.minute, parts.second);
}

/** How far the zone is ahead of UTC at an instant (wall = instant + offset). */
export function zoneOffsetMs(timeZone: string, instantMs: number): number {
  const whole = Math.floor(instantMs / 1000) * 1000;
  return wallClockMs(timeZone, whole) - whole;
}

/**
 * The offsets in force during one local day: `before` until the instant `switchAt`, `after` from it.
 * Without a change that day both are equal and switchAt is null. One change per day at most, as in
 * every real zone (daylight saving changes are months apart).
 */
export interface DayOffsets {
  before: number;
  after: number;
  switchAt: number | null;
}

export function dayOffsets(timeZone: string, wallDayStartMs: number): DayOffsets {
  // Offsets lie within -12 h..+14 h, so every instant of this local day lies in [from, to].
  const from = wallDayStartMs - 14 * HOUR_MS;
  const to = wallDayStartMs + 36 * HOUR_MS;
  const before = zoneOffsetMs(timeZone, from);
  const after = zoneOffsetMs(timeZone, to);
  if (before === after) return { before, after, switchAt: null };
  // Binary search, to the second, for the first instant with the new offset.
  let [lo, hi] = [from, to];
  while (hi - lo > 1000) {
    const mid = Math.floor((lo + hi) / 2000) * 1000;
    if (zoneOffsetMs(timeZone, mid) === before) lo = mid;
    else hi = mid;
  }
  return { before, after, switchAt: hi };
}

/** The offset in force at an instant of (or near) that day. */
export function offsetAt(instantMs: number, o: DayOffsets): number {
  return o.switchAt === null || instantMs < o.switchAt ? o.before : o.after;
}

/**
 * The one instant a wall time of that day resolves to, the way Go's time.Date does it (and with it
 * Temporal's calendar matching): take the offset in force at the wall time read as UTC; if the result
 * falls outside that offset's period, use the offset in force at the result instead. In a
 * spring-forward gap that lands past the gap; in a repeated fall-back hour it picks the first copy in
 * zones behind UTC and the second copy in zones ahead of it.
 */
export function resolveWall(wallMs: number, o: DayOffsets): number {
  const first = offsetAt(wallMs, o);
  const second = offsetAt(wallMs - first, o);
  return first === second ? wallMs - first : wallMs - second;
}

/** The wall clock's hour (0-23) at an instant of that day. */
export function wallHourAt(instantMs: number, o: DayOffsets): number {
  return new Date(instantMs + offsetAt(instantMs, o)).getUTCHours();
}
