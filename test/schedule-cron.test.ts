// The cron validator as a pure module, and how it becomes Temporal calendars.
import { describe, expect, it } from 'vitest';
import { parseCron } from '../src/domain/cron';
import { CRON_PATTERN } from '../src/contracts/cron-pattern';
import { isValidTimeZone } from '../src/domain/timezone';
import { cronCalendars } from '../src/temporal/schedule-spec';

const errorOf = (expr: string) => {
  const r = parseCron(expr);
  return r.ok ? null : r.error;
};

describe('cron expressions', () => {
  it('accepts five fields, six with seconds, names, lists, ranges, steps and shorthands', () => {
    for (const expr of ['* * * * *', '*/15 9-17 * * MON-FRI', '0 0 1,15 * *', '30 */2 * JAN,jul sun', '* * * * * *', '5/20 * * * * *', '@daily', '@hourly', '0 0 29 2 *', '0 0 * * 7']) {
      expect(errorOf(expr), expr).toBeNull();
    }
  });

  it('reads each field into the values it matches', () => {
    const r = parseCron('*/20 9-11 * * mon,7');
    if (!r.ok) throw new Error(r.error);
    expect(r.spec.second.values).toEqual([0]);
    expect(r.spec.minute.values).toEqual([0, 20, 40]);
    expect(r.spec.hour.values).toEqual([9, 10, 11]);
    expect(r.spec.dayOfMonth.any).toBe(true);
    expect(r.spec.dayOfWeek.values).toEqual([0, 1]); // 7 is Sunday
  });

  it("the document's cron pattern accepts what the parser accepts and refuses what it refuses", () => {
    const accepted = ['* * * * *', '*/20 9-11 * * mon,7', '0 22-2 25-3/3 * FRI-MON', '@Daily', ' 0 0 1 1 * ', '0  0\t1 1 *', '5 4 3 2 1 0', '007 * * * *', '*/100 * * * *'];
    const refused = ['* * *', '61 * * * *', '@reboot', '0 24 * * *', '*/0 * * * *', '1,,2 * * * *', '0 0 L * *', '0 0 * 13 *'];
    for (const cron of accepted) expect([cron, CRON_PATTERN.test(cron), parseCron(cron).ok]).toEqual([cron, true, true]);
    for (const cron of refused) expect([cron, CRON_PATTERN.test(cron), parseCron(cron).ok]).toEqual([cron, false, false]);
  });

  it('wraps a range that ends before it starts, steps included', () => {
    const r = parseCron('0 22-2 25-3/3 * FRI-MON');
    if (!r.ok) throw new Error(r.error);
    expect(r.spec.hour.values).toEqual([0, 1, 2, 22, 23]);
    expect(r.spec.dayOfMonth.values).toEqual([3, 25, 28, 31]); // every third day, across the month end
    expect(r.spec.dayOfWeek.values).toEqual([0, 1, 5, 6]);
  });

  it('rejects out-of-range values, unknown shorthands, wrong field counts and dates that never occur', () => {
    expect(errorOf('61 * * * *')).toMatch(/minute: 61 is out of range 0-59/);
    expect(errorOf('@reboot')).toMatch(/@reboot is not supported/);
    expect(errorOf('@fortnightly')).toMatch(/unknown shorthand/);
    expect(errorOf('* * *')).toMatch(/expected 5 fields .* got 3/);
    expect(errorOf('* * * * * * *')).toMatch(/got 7/);
    expect(errorOf('0 0 31 2 *')).toMatch(/never occurs in FEB/);
    expect(errorOf('0 0 30,31 2 *')).toMatch(/never fire/);
    expect(errorOf('0 0 L * *')).toMatch(/not supported/);
    expect(errorOf('0 24 * * *')).toMatch(/hour: 24/);
    expect(errorOf('0 0 * 13 *')).toMatch(/month: 13/);
    expect(errorOf('0 0 * * 8')).toMatch(/day-of-week: 8/);
    expect(errorOf('*/0 * * * *')).toMatch(/step/);
    expect(errorOf('1,,2 * * * *')).toMatch(/empty list item/);
  });

  it('keeps classic cron "either day" rule when day-of-month and day-of-week are both set', () => {
    const r = parseCron('0 12 13 * FRI');
    if (!r.ok) throw new Error(r.error);
    const calendars = cronCalendars(r.spec);
    expect(calendars).toHaveLength(2);
    expect(calendars[0]).toMatchObject({ dayOfMonth: [{ start: 13, end: 13 }], dayOfWeek: '*', hour: [{ start: 12, end: 12 }] });
    expect(calendars[1]).toMatchObject({ dayOfMonth: '*', dayOfWeek: [{ start: 'FRIDAY', end: 'FRIDAY' }] });
  });

  it('compresses matched values into ranges Temporal understands', () => {
    const r = parseCron('0-4,10 * * JAN-MAR *');
    if (!r.ok) throw new Error(r.error);
    const [calendar] = cronCalendars(r.spec);
    expect(calendar.minute).toEqual([{ start: 0, end: 4, step: 1 }, { start: 10, end: 10, step: 1 }]);
    expect(calendar.month).toEqual([{ start: 'JANUARY', end: 'MARCH', step: 1 }]);
    expect(calendar.second).toEqual([{ start: 0, end: 0, step: 1 }]);
  });
});

describe('time zones', () => {
  it('knows IANA names and refuses made-up ones', () => {
    expect(isValidTimeZone('America/New_York')).toBe(true);
    expect(isValidTimeZone('UTC')).toBe(true);
    expect(isValidTimeZone('Mars/Olympus_Mons')).toBe(false);
    expect(isValidTimeZone('')).toBe(false);
  });
});
