// Per-endpoint overrides of what a status code means: keys are a code ("404") or a class ("5xx"),
// values a decision. An exact code wins over its class. Pure: validated by the API, read by delivery.

export const OVERRIDE_DECISIONS = ['success', 'retry', 'dead_letter', 'disable_endpoint'] as const;
export type OverrideDecision = (typeof OVERRIDE_DECISIONS)[number];

export type StatusCodeOverrides = Record<string, OverrideDecision>;

/** "100".."599" or "1xx".."5xx". */
export const STATUS_KEY = /^(?:[1-5][0-9]{2}|[1-5]xx)$/;

export function isStatusKey(key: string): boolean {
  return STATUS_KEY.test(key) && (key.endsWith('xx') || Number(key) <= 599);
}

/** The override that applies to `statusCode`, if any, and the key that matched. */
export function findOverride(
  overrides: StatusCodeOverrides | undefined,
  statusCode: number,
): { key: string; decision: OverrideDecision } | undefined {
  if (!overrides) return undefined;
  const exact = String(statusCode);
  if (overrides[exact]) return { key: exact, decision: overrides[exact] };
  const klass = `${Math.floor(statusCode / 100)}xx`;
  if (overrides[klass]) return { key: klass, decision: overrides[klass] };
  return undefined;
}

/** Reads the stored JSON defensively: unknown keys or values are ignored rather than trusted. */
export function toStatusCodeOverrides(value: unknown): StatusCodeOverrides {
  const out: StatusCodeOverrides = {};
  if (!value || typeof value !== 'object' || Array.isArray(value)) return out;
  for (const [key, decision] of Object.entries(value)) {
    if (isStatusKey(key) && (OVERRIDE_DECISIONS as readonly string[]).includes(decision as string)) {
      out[key] = decision as OverrideDecision;
    }
  }
  return out;
}
