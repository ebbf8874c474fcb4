// Rules across a body's fields, written once: each helper adds the zod check the route runs AND the
// JSON Schema keyword that says the same in the OpenAPI document, so the two cannot drift apart.
import type { z } from 'zod';

type Body = Record<string, unknown>;
const given = (b: Body, key: string) => b[key] !== undefined;

/** PATCH bodies: at least one field (`minProperties: 1`). */
export function nonEmpty<S extends z.ZodType<Body>>(schema: S) {
  return schema.refine((b) => Object.keys(b).length > 0, 'nothing to update').meta({ minProperties: 1 });
}

/** Exactly one of `a` and `b` (`oneOf` of their `required`, inside `allOf`). */
export function exactlyOneOf<S extends z.ZodType<Body>>(schema: S, a: string, b: string, message: string) {
  return schema
    .refine((v) => given(v, a) !== given(v, b), { message, path: [a] })
    // Inside allOf: a top-level oneOf of bare `required` lists makes generators (openapi-python-client) type the body Any.
    .meta({ allOf: [{ oneOf: [{ required: [a] }, { required: [b] }] }] });
}

/**
 * No pair together (`allOf` of `not` both `required`, so several pairs can be said); a refusal names the
 * pair's first field. `also`: more clauses for the same `allOf` (a second `allOf` would replace this one).
 */
export function noPairTogether<S extends z.ZodType<Body>>(schema: S, pairs: Array<[a: string, b: string, message: string]>, also: object[] = []) {
  return pairs
    .reduce((s, [a, b, message]) => s.refine((v) => !(given(v, a) && given(v, b)), { message, path: [a] }), schema)
    .meta({ allOf: [...pairs.map(([a, b]) => ({ not: { required: [a, b] } })), ...also] });
}

/** At most one of `a` and `b` (`not` both `required`). */
export function notBoth<S extends z.ZodType<Body>>(schema: S, a: string, b: string, message: string) {
  return schema.refine((v) => !(given(v, a) && given(v, b)), { message, path: [a] }).meta({ not: { required: [a, b] } });
}
