// Rules the API applies to every request before any route's schema (src/api/security/body-limits.ts,
// request-limits.ts), carried into the request side of the document: no string and no object key may
// hold NUL (PostgreSQL stores neither), and no key may be `__proto__`. Nesting deeper than the depth
// limit is said in words (info.description): JSON Schema cannot count depth.
type Json = Record<string, any>;

export const NO_NUL = '^[^\\u0000]*$';

const SAYS_ITS_OWN_SHAPE = ['pattern', 'format', 'enum', 'const'];

/** Returns a copy of `schema` with the request limits added to every string and every open object in it. */
export function withRequestLimits(schema: unknown): any {
  if (Array.isArray(schema)) return schema.map(withRequestLimits);
  if (!schema || typeof schema !== 'object') return schema;
  const out: Json = {};
  for (const [key, value] of Object.entries(schema)) out[key] = withRequestLimits(value);
  if (out.type === 'string' && !SAYS_ITS_OWN_SHAPE.some((k) => k in out)) out.pattern = NO_NUL;
  if (out.type === 'object' && out.additionalProperties !== false) {
    const names: Json = out.propertyNames ?? { type: 'string' };
    out.propertyNames = { ...names, ...('pattern' in names ? {} : { pattern: NO_NUL }), not: { const: '__proto__' } };
  }
  return out;
}
