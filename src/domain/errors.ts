// Domain errors as small factories; the API maps `kind` to an HTTP status in one place (src/api/problem.ts).

export type DomainErrorKind = 'not_found' | 'conflict' | 'invalid' | 'unprocessable' | 'unavailable';

export interface FieldProblem {
  field: string;
  message: string;
}

export class DomainError extends Error {
  constructor(
    readonly kind: DomainErrorKind,
    readonly title: string,
    message: string,
    readonly fields: FieldProblem[] = [],
    /** For `unavailable`: when the caller should try again (the Retry-After header). */
    readonly retryAfterSeconds?: number,
  ) {
    super(message);
    this.name = 'DomainError';
  }
}

export const notFound = (what: string, id: string) =>
  new DomainError('not_found', `${what} not found`, `No ${what.toLowerCase()} with id ${id}.`);

export const endpointNotFound = (id: string) => notFound('Endpoint', id);
export const taskRunNotFound = (id: string) => notFound('Task run', id);
export const retryPolicyNotFound = (id: string) => notFound('Retry policy', id);
export const deadLetterNotFound = (id: string) => notFound('Dead letter', id);
export const tenantNotFound = (id: string) => notFound('Tenant', id);

export const invalidField = (field: string, message: string) =>
  new DomainError('invalid', 'Invalid request', `${field}: ${message}`, [{ field, message }]);

/** A body field naming a resource that does not exist: 404, as for an id in the path, with the field named. */
export const referencedNotFound = (field: string, what: string, id: string) =>
  new DomainError('not_found', `${what} not found`, `${field}: no ${what.toLowerCase()} with id ${id}`, [
    { field, message: `no ${what.toLowerCase()} with id ${id}` },
  ]);

/** A well-formed time the clock has already passed: it conflicts with the present, not with the schema (409). */
export const alreadyPast = (field: string) =>
  new DomainError('conflict', 'Time already past', `${field}: must be in the future`, [{ field, message: 'must be in the future' }]);

/** Well-formed, but at odds with what the resource already holds (an inbound source's verification type): 409 naming the field. */
export const conflictsWithCurrent = (field: string, message: string) =>
  new DomainError('conflict', 'Conflicts with the current settings', `${field}: ${message}`, [{ field, message }]);

export const conflict = (title: string, message: string) => new DomainError('conflict', title, message);

export const temporalUnavailable = (message: string) =>
  new DomainError('unavailable', 'Temporal unavailable', `The workflow could not be started: ${message}`);

/** Well-formed input that cannot be carried out as asked (a transformation that fails its test call): 422. */
export const unprocessable = (title: string, field: string, message: string) =>
  new DomainError('unprocessable', title, `${field}: ${message}`, [{ field, message }]);
