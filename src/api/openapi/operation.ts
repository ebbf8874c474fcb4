// One documented API call. The OpenAPI document is built from a list of these (operations.ts).
import type { z } from 'zod';

export type HttpMethod = 'get' | 'post' | 'put' | 'patch' | 'delete';

export interface ApiOperation {
  /** Also the SDK-facing name of the call, e.g. `createEndpoint`. */
  operationId: string;
  method: HttpMethod;
  /** Express-style, as the app mounts it: `/v1/endpoints/:id`. */
  path: string;
  tag: string;
  summary: string;
  description?: string;
  /** The zod schema the route validates its JSON body with (the very same object). */
  body?: z.ZodType;
  /** Whether a body must be sent; default true when `body` is given. */
  bodyRequired?: boolean;
  /** The zod object schemas the route validates its query string with. */
  query?: z.ZodObject[];
  /** The zod object schema the route validates the request headers it reads with (e.g. Idempotency-Key). */
  headers?: z.ZodObject;
  response: {
    status: number;
    description: string;
    /** The answer's zod schema (see responses.ts). Without one, give `contentType` to say what comes back. */
    schema?: z.ZodType;
    /** Default application/json when `schema` is given; e.g. text/plain, or application/json with no schema yet. */
    contentType?: string;
  };
  /** Other successful answers, with the same body (e.g. 200 for an idempotent repeat of a 202). */
  alsoAnswers?: { status: number; description: string }[];
  /** Error statuses the route itself can answer besides those every route of its kind can (see document.ts). */
  errors?: number[];
  /** An error status whose body is not a problem (e.g. /healthz's 503 is its usual report). */
  errorBodies?: Record<number, { description: string; schema: z.ZodType }>;
  /** Error texts of this route where the shared ones (document.ts) would mislead. */
  errorTexts?: Record<number, string>;
  /** The body is read as raw bytes of any Content-Type (inbound webhooks). */
  rawBody?: boolean;
  /** Reachable without an API key (health, metrics, docs). */
  public?: boolean;
}
