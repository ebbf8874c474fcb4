// The shape of a cron expression as one regular expression, for the OpenAPI document: fields, names
// (any case), lists, ranges (wrapping when they end before they start), steps and @-shorthands, as
// src/domain/cron.ts reads them. The parser stays the rule and gives the precise message; what a
// pattern cannot say (a day-of-month must occur in a chosen month) the document says in words.
const anyCase = (word: string) => [...word].map((c) => `[${c.toUpperCase()}${c.toLowerCase()}]`).join('');
const names = (list: string[]) => list.map(anyCase).join('|');

const VALUES = {
  second: '0*[1-5]?[0-9]',
  minute: '0*[1-5]?[0-9]',
  hour: '0*(?:1?[0-9]|2[0-3])',
  dayOfMonth: '0*(?:[1-9]|[12][0-9]|3[01])',
  month: `0*(?:[1-9]|1[0-2])|${names(['JAN', 'FEB', 'MAR', 'APR', 'MAY', 'JUN', 'JUL', 'AUG', 'SEP', 'OCT', 'NOV', 'DEC'])}`,
  dayOfWeek: `0*[0-7]|${names(['SUN', 'MON', 'TUE', 'WED', 'THU', 'FRI', 'SAT'])}`,
};

const field = (values: string) => {
  const value = `(?:${values})`;
  const item = `(?:\\*|${value}(?:-${value})?)(?:/0*[1-9][0-9]*)?`;
  return `${item}(?:,${item})*`;
};

const fiveFields = [VALUES.minute, VALUES.hour, VALUES.dayOfMonth, VALUES.month, VALUES.dayOfWeek].map(field).join('\\s+');
const SHORTHANDS = `@(?:${names(['yearly', 'annually', 'monthly', 'weekly', 'daily', 'midnight', 'hourly'])})`;

export const CRON_PATTERN = new RegExp(`^\\s*(?:${SHORTHANDS}|(?:${field(VALUES.second)}\\s+)?${fiveFields})\\s*$`);
