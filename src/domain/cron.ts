// Cron expressions as users write them, parsed into the set of values each field matches.
// Five fields (minute hour day-of-month month day-of-week), or six with seconds first; names (JAN, MON),
// lists, ranges and steps; @yearly/@monthly/@weekly/@daily/@hourly. Pure: no clock, no I/O.

export type CronFieldName = 'second' | 'minute' | 'hour' | 'dayOfMonth' | 'month' | 'dayOfWeek';

export interface CronField {
  /** True when the field was `*` (matches every value). */
  any: boolean;
  /** Sorted matched values; day-of-week uses 0 = Sunday (7 is folded into 0). */
  values: number[];
}

export type CronSpec = Record<CronFieldName, CronField>;

export type CronParseResult = { ok: true; spec: CronSpec } | { ok: false; error: string };

const MONTH_NAMES = ['JAN', 'FEB', 'MAR', 'APR', 'MAY', 'JUN', 'JUL', 'AUG', 'SEP', 'OCT', 'NOV', 'DEC'];
const DAY_NAMES = ['SUN', 'MON', 'TUE', 'WED', 'THU', 'FRI', 'SAT'];

interface FieldRule {
  label: string;
  min: number;
  max: number;
  names?: string[];
  /** Value of names[0]. */
  namesFrom?: number;
}

const RULES: Record<CronFieldName, FieldRule> = {
  second: { label: 'second', min: 0, max: 59 },
  minute: { label: 'minute', min: 0, max: 59 },
  hour: { label: 'hour', min: 0, max: 23 },
  dayOfMonth: { label: 'day-of-month', min: 1, max: 31 },
  month: { label: 'month', min: 1, max: 12, names: MONTH_NAMES, namesFrom: 1 },
  dayOfWeek: { label: 'day-of-week', min: 0, max: 7, names: DAY_NAMES, namesFrom: 0 },
};

const MACROS: Record<string, string> = {
  '@yearly': '0 0 1 1 *',
  '@annually': '0 0 1 1 *',
  '@monthly': '0 0 1 * *',
  '@weekly': '0 0 * * 0',
  '@daily': '0 0 * * *',
  '@midnight': '0 0 * * *',
  '@hourly': '0 * * * *',
};

/** Days in each month, February counted in a leap year (Feb 29 does happen). */
const MAX_DAYS = [31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

class CronError extends Error {}

function parseValue(text: string, rule: FieldRule): number {
  const upper = text.toUpperCase();
  const named = rule.names?.indexOf(upper) ?? -1;
  if (named >= 0) return named + (rule.namesFrom ?? 0);
  if (!/^\d+$/.test(text)) {
    const hint = /[LW#?]/i.test(text) ? ' (L, W, # and ? are not supported)' : '';
    throw new CronError(`${rule.label}: "${text}" is not a number${rule.names ? ' or a name' : ''}${hint}`);
  }
  const value = Number(text);
  if (value < rule.min || value > rule.max) {
    throw new CronError(`${rule.label}: ${value} is out of range ${rule.min}-${rule.max}`);
  }
  return value;
}

function parseItem(item: string, rule: FieldRule, into: Set<number>): void {
  const [rangePart, stepPart, extra] = item.split('/');
  if (extra !== undefined || rangePart === '' || stepPart === '') throw new CronError(`${rule.label}: "${item}" is not a valid step`);
  let step = 1;
  if (stepPart !== undefined) {
    if (!/^\d+$/.test(stepPart) || Number(stepPart) < 1) throw new CronError(`${rule.label}: step "${stepPart}" must be a positive whole number`);
    step = Number(stepPart);
  }
  let start: number;
  let end: number;
  if (rangePart === '*') {
    [start, end] = [rule.min, rule.max];
  } else if (rangePart.includes('-')) {
    const [a, b, more] = rangePart.split('-');
    if (more !== undefined) throw new CronError(`${rule.label}: "${rangePart}" is not a valid range`);
    [start, end] = [parseValue(a, rule), parseValue(b, rule)];
  } else {
    start = parseValue(rangePart, rule);
    // `5/15` means from 5 to the end in steps of 15, as in Vixie cron.
    end = stepPart !== undefined ? rule.max : start;
  }
  // A range that ends before it starts wraps around (hours `22-2` = 22,23,0,1,2; days `FRI-MON`).
  const span = end >= start ? end - start : rule.max - start + 1 + (end - rule.min);
  for (let k = 0; k <= span; k += step) {
    const v = start + k;
    into.add(v > rule.max ? v - rule.max - 1 + rule.min : v);
  }
}

function parseField(text: string, name: CronFieldName): CronField {
  const rule = RULES[name];
  const values = new Set<number>();
  for (const item of text.split(',')) {
    if (item === '') throw new CronError(`${rule.label}: empty list item in "${text}"`);
    parseItem(item, rule, values);
  }
  if (name === 'dayOfWeek' && values.delete(7)) values.add(0);
  return { any: text === '*', values: [...values].sort((a, b) => a - b) };
}

/** A day-of-month rule that no month can satisfy (e.g. `0 0 31 2 *`) would never fire. */
function assertCanFire(spec: CronSpec): void {
  if (spec.dayOfMonth.any || !spec.dayOfWeek.any) return; // with a weekday set, cron fires on either
  const possible = spec.month.values.some((m) => spec.dayOfMonth.values.some((d) => d <= MAX_DAYS[m - 1]));
  if (!possible) {
    const months = spec.month.values.map((m) => MONTH_NAMES[m - 1]).join(',');
    throw new CronError(`day-of-month ${spec.dayOfMonth.values.join(',')} never occurs in ${months}: the schedule would never fire`);
  }
}

export function parseCron(expression: string): CronParseResult {
  const trimmed = expression.trim();
  try {
    if (trimmed.startsWith('@')) {
      const macro = MACROS[trimmed.toLowerCase()];
      if (trimmed.toLowerCase() === '@reboot') throw new CronError('@reboot is not supported: schedules follow the clock, not restarts');
      if (!macro) throw new CronError(`unknown shorthand ${trimmed}; use @yearly, @monthly, @weekly, @daily or @hourly`);
      return parseCron(macro);
    }
    const parts = trimmed.split(/\s+/).filter(Boolean);
    if (parts.length !== 5 && parts.length !== 6) {
      throw new CronError(
        `expected 5 fields (minute hour day-of-month month day-of-week) or 6 with seconds first, got ${parts.length}`,
      );
    }
    const fields = parts.length === 5 ? ['0', ...parts] : parts;
    const names: CronFieldName[] = ['second', 'minute', 'hour', 'dayOfMonth', 'month', 'dayOfWeek'];
    const spec = Object.fromEntries(names.map((n, i) => [n, parseField(fields[i], n)])) as CronSpec;
    assertCanFire(spec);
    return { ok: true, spec };
  } catch (err) {
    if (err instanceof CronError) return { ok: false, error: err.message };
    throw err;
  }
}
