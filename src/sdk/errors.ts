// Errors the SDK throws. API errors carry the RFC 9457 problem+json fields the server sent.

export interface FieldError {
  field: string;
  message: string;
}

export interface ProblemDetails {
  type: string;
  title: string;
  status: number;
  detail: string;
  errors?: FieldError[];
  /** The request path this problem is about. */
  instance?: string;
  /** The request's trace id: quote it (with instance) when you report a problem. */
  traceId?: string;
}

/** Base class: catch this to catch anything the SDK throws. */
export class EdgeCronError extends Error {
  override name = 'EdgeCronError';
}

/** The API answered with an error status. */
export class EdgeCronApiError extends EdgeCronError implements ProblemDetails {
  override name = 'EdgeCronApiError';
  readonly type: string;
  readonly title: string;
  readonly status: number;
  readonly detail: string;
  /** For 400s: each offending field and what is wrong with it. */
  readonly errors: FieldError[];
  /** The request path and its trace id, as the server answered them (absent when the answer was not problem+json). */
  readonly instance?: string;
  readonly traceId?: string;

  constructor(
    problem: ProblemDetails,
    readonly method: string,
    readonly path: string,
  ) {
    super(`${method} ${path} → ${problem.status} ${problem.title}: ${problem.detail}`);
    this.type = problem.type;
    this.title = problem.title;
    this.status = problem.status;
    this.detail = problem.detail;
    this.errors = problem.errors ?? [];
    this.instance = problem.instance;
    this.traceId = problem.traceId;
  }
}

export class ValidationError extends EdgeCronApiError {
  override name = 'ValidationError';
}
export class AuthenticationError extends EdgeCronApiError {
  override name = 'AuthenticationError';
}
export class NotFoundError extends EdgeCronApiError {
  override name = 'NotFoundError';
}
export class ConflictError extends EdgeCronApiError {
  override name = 'ConflictError';
}
export class RateLimitedError extends EdgeCronApiError {
  override name = 'RateLimitedError';
}
export class UnavailableError extends EdgeCronApiError {
  override name = 'UnavailableError';
}

const BY_STATUS: Record<number, typeof EdgeCronApiError> = {
  400: ValidationError,
  401: AuthenticationError,
  403: AuthenticationError,
  404: NotFoundError,
  409: ConflictError,
  429: RateLimitedError,
  503: UnavailableError,
};

export function apiError(problem: ProblemDetails, method: string, path: string): EdgeCronApiError {
  const Kind = BY_STATUS[problem.status] ?? EdgeCronApiError;
  return new Kind(problem, method, path);
}

/** The network failed or the request timed out before any answer. */
export class EdgeCronConnectionError extends EdgeCronError {
  override name = 'EdgeCronConnectionError';
}

/** A wait (e.g. waitForTaskRun) gave up before the resource reached the state asked for. */
export class EdgeCronTimeoutError extends EdgeCronError {
  override name = 'EdgeCronTimeoutError';
}
