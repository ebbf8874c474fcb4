// Next fire times computed without Temporal (src/domain/next-fire-times.ts): what GET /v1/schedules
// shows while Temporal is away. Checked against hand-worked dates and against a brute-force scan of
// every second/minute through the wall clock (Intl), including both daylight saving changes where
// Temporal fires at every real occurrence of a wall time (a spring gap anywhere; a fall-back in zones
// behind UTC). test/schedule-next-fire-times.test.ts compares with Temporal itself.
import { describe, expect, it } from 'vitest';
import { parseCron, type CronSpec } from '../src/domain/cron';
import { nextFireTimes, type FireTiming } from '../src/domain/next-fire-times';
import { wallClockMs } from '../src/domain/zone-clock';

function spec(cron: string): CronSpec {
  const parsed = parseCron(cron);
  if (!parsed.ok) throw new Error(parsed.error);
  return parsed.spec;
}

const timing = (cron: string, timezone = 'UTC', more: Partial<FireTiming> = {}): FireTiming => ({
  cron: spec(cron), runAt: null, timezone, startAt: null, endAt: null, ...more,
});

const next = (t: FireTiming, after: string, count = 5) => nextFireTimes(t, new Date(after), count).map((d) => d.toISOString());

/** Every instant, stepping `stepMs`, whose wall clock in the zone matches the cron: the slow, obvious way. */
function bruteForce(cron: string, timezone: string, after: string, count: number, stepMs: number): string[] {
  const s = spec(cron);
  const out: string[] = [];
  for (let t = Math.floor(new Date(after).getTime() / stepMs) * stepMs + stepMs; out.length < count; t += stepMs) {
    const wall = new Date(wallClockMs(timezone, t));
    const [dom, dow] = [s.dayOfMonth.values.includes(wall.getUTCDate()), s.dayOfWeek.values.includes(wall.getUTCDay())];
    const dayOk = s.dayOfMonth.any || s.dayOfWeek.any ? dom && dow : dom || dow;
    if (
      dayOk && s.month.values.includes(wall.getUTCMonth() + 1) && s.hour.values.includes(wall.getUTCHours()) &&
      s.minute.values.includes(wall.getUTCMinutes()) && s.second.values.includes(wall.getUTCSeconds())
    ) out.push(new Date(t).toISOString());
  }
  return out;
}

describe('next fire times computed locally', () => {
  it('follows New York across the March change: 09:00 local moves from 14:00 to 13:00 UTC', () => {
    expect(next(timing('0 9 * * *', 'America/New_York'), '2027-03-12T00:00:00Z')).toEqual([
      '2027-03-12T14:00:00.000Z', '2027-03-13T14:00:00.000Z', '2027-03-14T13:00:00.000Z', '2027-03-15T13:00:00.000Z', '2027-03-16T13:00:00.000Z',
    ]);
  });

  it('skips a wall time a spring-forward gap removes (Berlin, 28 March 2027: 02:00 CET jumps to 03:00 CEST)', () => {
    expect(next(timing('30 2 * * *', 'Europe/Berlin'), '2027-03-26T12:00:00Z', 3)).toEqual([
      '2027-03-27T01:30:00.000Z', '2027-03-29T00:30:00.000Z', '2027-03-30T00:30:00.000Z',
    ]);
  });

  it('treats a repeated fall-back hour as Temporal does: twice in New York, once (the second) in Berlin', () => {
    // New York, 7 November 2027: 02:00 EDT falls back to 01:00 EST, so 01:30 happens at 05:30Z and 06:30Z.
    expect(next(timing('30 1 * * *', 'America/New_York'), '2027-11-06T12:00:00Z', 3)).toEqual([
      '2027-11-07T05:30:00.000Z', '2027-11-07T06:30:00.000Z', '2027-11-08T06:30:00.000Z',
    ]);
    // Berlin, 31 October 2027: 03:00 CEST falls back to 02:00 CET. Temporal (through Go's time.Date) fires
    // 02:30 once, at 02:30 CET; when hour 1 matches too, it walks the repeat from there (02:30 CEST) and
    // then counts 02:30 as done. test/schedule-next-fire-times.test.ts checks both against Temporal.
    expect(next(timing('30 2 * * *', 'Europe/Berlin'), '2027-10-30T12:00:00Z', 2)).toEqual(['2027-10-31T01:30:00.000Z', '2027-11-01T01:30:00.000Z']);
    expect(next(timing('30 1,2 * * *', 'Europe/Berlin'), '2027-10-30T12:00:00Z', 3)).toEqual([
      '2027-10-30T23:30:00.000Z', '2027-10-31T00:30:00.000Z', '2027-11-01T00:30:00.000Z',
    ]);
  });

  it('reads a six-field cron with seconds first', () => {
    expect(next(timing('*/20 * * * * *'), '2027-05-01T10:00:05.300Z', 4)).toEqual([
      '2027-05-01T10:00:20.000Z', '2027-05-01T10:00:40.000Z', '2027-05-01T10:01:00.000Z', '2027-05-01T10:01:20.000Z',
    ]);
    expect(next(timing('15 30 8 * * MON'), '2027-05-01T00:00:00Z', 2)).toEqual(['2027-05-03T08:30:15.000Z', '2027-05-10T08:30:15.000Z']);
  });

  it('fires on either day field when both are restricted, and on both when one is *', () => {
    // 1 January 2027 is a Friday.
    expect(next(timing('0 12 13 * 5'), '2027-01-01T00:00:00Z', 5)).toEqual([
      '2027-01-01T12:00:00.000Z', '2027-01-08T12:00:00.000Z', '2027-01-13T12:00:00.000Z', '2027-01-15T12:00:00.000Z', '2027-01-22T12:00:00.000Z',
    ]);
    expect(next(timing('0 12 * * 5'), '2027-01-01T00:00:00Z', 2)).toEqual(['2027-01-01T12:00:00.000Z', '2027-01-08T12:00:00.000Z']);
    expect(next(timing('0 12 13 * *'), '2027-01-01T00:00:00Z', 2)).toEqual(['2027-01-13T12:00:00.000Z', '2027-02-13T12:00:00.000Z']);
  });

  it('is quick for sparse crons: leap days for decades, New Year in Tokyo, nothing after 2100', () => {
    const started = performance.now();
    expect(next(timing('0 0 29 2 *'), '2027-01-01T00:00:00Z', 3)).toEqual(['2028-02-29T00:00:00.000Z', '2032-02-29T00:00:00.000Z', '2036-02-29T00:00:00.000Z']);
    expect(next(timing('@yearly', 'Asia/Tokyo'), '2027-01-01T00:00:00Z', 2)).toEqual(['2027-12-31T15:00:00.000Z', '2028-12-31T15:00:00.000Z']);
    // 2100 is not a leap year and Temporal stops there: two more leap days, then none.
    expect(next(timing('0 0 29 2 *'), '2090-01-01T00:00:00Z')).toEqual(['2092-02-29T00:00:00.000Z', '2096-02-29T00:00:00.000Z']);
    expect(performance.now() - started).toBeLessThan(200);
  });

  it('keeps to startAt and endAt (both inclusive) and shows a one-shot once, until it is past', () => {
    const bounded = timing('*/5 * * * *', 'UTC', { startAt: new Date('2099-01-01T00:00:00Z'), endAt: new Date('2099-01-01T00:12:00Z') });
    expect(next(bounded, '2027-01-01T00:00:00Z')).toEqual(['2099-01-01T00:00:00.000Z', '2099-01-01T00:05:00.000Z', '2099-01-01T00:10:00.000Z']);
    const once: FireTiming = { cron: null, runAt: new Date('2099-06-01T12:30:01Z'), timezone: 'UTC', startAt: null, endAt: null };
    expect(next(once, '2027-01-01T00:00:00Z')).toEqual(['2099-06-01T12:30:01.000Z']);
    expect(next(once, '2099-06-01T12:30:01Z')).toEqual([]);
  });

  const scans: [string, string, string, number][] = [
    ['*/7 1-3 * * *', 'Europe/Berlin', '2027-03-27T20:00:00Z', 60_000],
    ['0,30 * * * *', 'America/New_York', '2027-11-07T03:00:00Z', 60_000],
    ['45 2 * * *', 'America/New_York', '2027-03-13T00:00:00Z', 60_000],
    ['0 */6 1,15 * MON', 'Australia/Sydney', '2027-03-30T00:00:00Z', 60_000],
    ['*/10 59 1 * * *', 'America/New_York', '2027-11-07T05:58:00Z', 1000],
  ];
  for (const [cron, zone, after, step] of scans) {
    it(`agrees with a brute-force scan: "${cron}" in ${zone} after ${after}`, () => {
      expect(next(timing(cron, zone), after, 12)).toEqual(bruteForce(cron, zone, after, 12, step));
    });
  }
});
