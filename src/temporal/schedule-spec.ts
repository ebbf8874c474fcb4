// EdgeCron's schedule settings as a Temporal ScheduleSpec. Calendars (not Temporal's own cron strings,
// whose 6th field is a year) so that seconds work and day-of-month/day-of-week keep cron's "either" rule.
import { DAYS_OF_WEEK, MONTHS, type CalendarSpec, type ScheduleSpec } from '@temporalio/client';
import type { CronField, CronSpec } from '../domain/cron';

type Ranges<T> = { start: T; end: T; step: number }[];

/** Sorted values as compact inclusive ranges: [0,1,2,5] → 0-2, 5. */
function toRanges<T>(field: CronField, label: (n: number) => T): Ranges<T> | '*' {
  if (field.any) return '*';
  const out: Ranges<T> = [];
  let runStart = field.values[0];
  for (let i = 1; i <= field.values.length; i++) {
    const prev = field.values[i - 1];
    if (field.values[i] === prev + 1) continue;
    out.push({ start: label(runStart), end: label(prev), step: 1 });
    runStart = field.values[i];
  }
  return out;
}

const same = (n: number) => n;

export function cronCalendars(spec: CronSpec): CalendarSpec[] {
  const base: CalendarSpec = {
    second: toRanges(spec.second, same),
    minute: toRanges(spec.minute, same),
    hour: toRanges(spec.hour, same),
    month: toRanges(spec.month, (m) => MONTHS[m - 1]),
  };
  const dayOfMonth = toRanges(spec.dayOfMonth, same);
  const dayOfWeek = toRanges(spec.dayOfWeek, (d) => DAYS_OF_WEEK[d]);
  // Classic cron fires when EITHER restricted day field matches; Temporal ANDs them, so split in two.
  if (!spec.dayOfMonth.any && !spec.dayOfWeek.any) {
    return [
      { ...base, dayOfMonth, dayOfWeek: '*' },
      { ...base, dayOfMonth: '*', dayOfWeek },
    ];
  }
  return [{ ...base, dayOfMonth, dayOfWeek }];
}

/** One exact second (UTC); the Schedule also gets remainingActions = 1. */
export function oneShotCalendar(runAt: Date): CalendarSpec {
  return {
    second: runAt.getUTCSeconds(),
    minute: runAt.getUTCMinutes(),
    hour: runAt.getUTCHours(),
    dayOfMonth: runAt.getUTCDate(),
    month: MONTHS[runAt.getUTCMonth()],
    year: runAt.getUTCFullYear(),
  };
}

export interface ScheduleTiming {
  cron: CronSpec | null;
  runAt: Date | null;
  timezone: string;
  jitterMs: number;
  startAt: Date | null;
  endAt: Date | null;
}

export function temporalScheduleSpec(t: ScheduleTiming): ScheduleSpec {
  const calendars = t.cron ? cronCalendars(t.cron) : [oneShotCalendar(t.runAt!)];
  return {
    calendars,
    timezone: t.cron ? t.timezone : 'UTC',
    jitter: t.jitterMs,
    ...(t.startAt ? { startAt: t.startAt } : {}),
    ...(t.endAt ? { endAt: t.endAt } : {}),
  };
}
