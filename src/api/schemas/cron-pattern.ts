// The shape of a cron expression as one regular expression, for the OpenAPI document: fields, names,
// lists, ranges, steps and @-shorthands as src/domain/cron.ts reads them. What a pattern cannot say
// (a day-of-month must occur in a chosen month) the parser still checks, and the document says in words.
const VALUES = {
  second: '[1-5]?[0-9]',
  minute: '[1-5]?[0-9]',
  hour: '1?[0-9]|2[0-3]',
  dayOfMonth: '[1-9]|[12][0-9]|3[01]',
  month: '[1-9]|1[0-2]|JAN|FEB|MAR|APR|MAY|JUN|JUL|AUG|SEP|OCT|NOV|DEC',
  dayOfWeek: '[0-7]|SUN|MON|TUE|WED|THU|FRI|SAT',
};

const field = (values: string) => {
  const value = `(?:${values})`;
  const item = `(?:\\*|${value}(?:-${value})?)(?:/[1-9][0-9]?)?`;
  return `${item}(?:,${item})*`;
};

const fiveFields = [VALUES.minute, VALUES.hour, VALUES.dayOfMonth, VALUES.month, VALUES.dayOfWeek].map(field).join(' ');
const SHORTHANDS = '@(?:yearly|annually|monthly|weekly|daily|midnight|hourly)';

export const CRON_PATTERN = new RegExp(`^(?:${SHORTHANDS}|(?:${field(VALUES.second)} )?${fiveFields})$`);
