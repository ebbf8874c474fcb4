// zod → problem+json with the offending fields named.
import type { z } from 'zod';
import { DomainError } from '../domain/errors';
import type { ListFilter } from '../contracts/common';

export function parseInput<S extends z.ZodType>(schema: S, input: unknown, where: 'body' | 'query'): z.infer<S> {
  // `?=x` names no parameter; refused rather than ignored (the contract test found one answered 200).
  if (where === 'query' && input && typeof input === 'object' && Object.hasOwn(input, '')) {
    throw new DomainError('invalid', 'Invalid request', 'query: a parameter without a name', [{ field: 'query', message: 'a parameter without a name' }]);
  }
  const result = schema.safeParse(input);
  if (result.success) return result.data;
  const fields = result.error.issues.map((issue) => {
    const path = issue.path.map(String).join('.');
    const keys = issue.code === 'unrecognized_keys' ? issue.keys.join(', ') : '';
    const field = path || keys || where;
    return { field: keys && path ? `${path}.${keys}` : field, message: issue.message };
  });
  const summary = fields.map((f) => `${f.field}: ${f.message}`).join('; ');
  throw new DomainError('invalid', 'Invalid request', summary, fields);
}

/** A body the route may go without: absent means `{}`, but a JSON `null` sent on purpose is checked (and refused). */
export function optionalBody(body: unknown): unknown {
  return body === undefined ? {} : body;
}

/** A list's one strict query schema, parsed once and split into the page and the filters its service takes. */
export function parseListQuery<S extends z.ZodType<{ limit: number; cursor?: string }>>(schema: S, query: unknown) {
  const { limit, cursor, ...filter } = parseInput(schema, query, 'query');
  return { page: { limit, cursor }, filter: filter as ListFilter<S> };
}
