// Event type names and the patterns endpoints subscribe with. Pure module: no Node built-ins.
//   exact      `invoice.paid`   that type only
//   prefix     `invoice.*`      every type under `invoice.` (any depth: `invoice.paid`, `invoice.paid.v2`)
//   wildcard   `*`              every type

const SEGMENT = '[A-Za-z0-9_-]+';
/** Exported for the API's input schemas, which carry these very expressions into the OpenAPI document. */
export const EVENT_TYPE = new RegExp(`^${SEGMENT}(\\.${SEGMENT})*$`);
const PREFIX_PATTERN = new RegExp(`^${SEGMENT}(\\.${SEGMENT})*\\.\\*$`);
/** An exact type, a prefix pattern or `*`. */
export const EVENT_TYPE_OR_PATTERN = new RegExp(`^(\\*|${SEGMENT}(\\.${SEGMENT})*(\\.\\*)?)$`);

export const MAX_EVENT_TYPE_LENGTH = 200;

export function isEventType(value: string): boolean {
  return value.length <= MAX_EVENT_TYPE_LENGTH && EVENT_TYPE.test(value);
}

export function isEventTypePattern(value: string): boolean {
  return value === '*' || isEventType(value) || (value.length <= MAX_EVENT_TYPE_LENGTH && PREFIX_PATTERN.test(value));
}

export function typePatternMatches(pattern: string, type: string): boolean {
  if (pattern === '*') return true;
  if (pattern.endsWith('.*')) return type.startsWith(pattern.slice(0, -1));
  return pattern === type;
}

/**
 * Every pattern that matches `type`: `*`, each `prefix.*` and the type itself. The database looks for
 * endpoints subscribed to any of them, so matching by type is one indexed array-overlap query.
 */
export function patternsMatchingType(type: string): string[] {
  const segments = type.split('.');
  const prefixes = segments.slice(0, -1).map((_, i) => `${segments.slice(0, i + 1).join('.')}.*`);
  return ['*', ...prefixes, type];
}
