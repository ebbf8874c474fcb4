// One HTTP call to the API: JSON in and out, Bearer key, problem+json → typed errors, and bounded
// retries of 429/503 that honour Retry-After.
import { apiError, EdgeCronConnectionError, type ProblemDetails } from './errors';
import { backoffMs, parseRetryAfterMs } from './retry-after';

export interface ClientOptions {
  /** e.g. `http://localhost:3000` (no trailing /v1). */
  baseUrl: string;
  /** Sent as `Authorization: Bearer <apiKey>`. */
  apiKey?: string;
  /** Retries of a 429 or 503 answer; 0 turns retrying off. Default 3. */
  maxRetries?: number;
  /** A longer Retry-After is not waited for: the error is thrown instead. Default 30 s. */
  maxRetryDelayMs?: number;
  /** Per HTTP call. Default 30 s. */
  timeoutMs?: number;
  /** Replaces global fetch (tests, proxies). */
  fetch?: typeof fetch;
}

export type Query = Record<string, string | number | boolean | undefined>;

export interface RequestOptions {
  body?: unknown;
  query?: Query;
  headers?: Record<string, string>;
}

const RETRYABLE = new Set([429, 503]);

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

export class Transport {
  private readonly baseUrl: string;
  private readonly maxRetries: number;
  private readonly maxRetryDelayMs: number;
  private readonly timeoutMs: number;
  private readonly fetchImpl: typeof fetch;

  constructor(private readonly options: ClientOptions) {
    this.baseUrl = options.baseUrl.replace(/\/+$/, '');
    this.maxRetries = options.maxRetries ?? 3;
    this.maxRetryDelayMs = options.maxRetryDelayMs ?? 30_000;
    this.timeoutMs = options.timeoutMs ?? 30_000;
    this.fetchImpl = options.fetch ?? fetch;
  }

  url(path: string, query?: Query): string {
    const params = new URLSearchParams();
    for (const [key, value] of Object.entries(query ?? {})) if (value !== undefined) params.set(key, String(value));
    const search = params.toString();
    return `${this.baseUrl}${path}${search ? `?${search}` : ''}`;
  }

  async request<T>(method: string, path: string, options: RequestOptions = {}): Promise<T> {
    const headers: Record<string, string> = { accept: 'application/json, application/problem+json', ...options.headers };
    if (this.options.apiKey) headers.authorization = `Bearer ${this.options.apiKey}`;
    if (options.body !== undefined) headers['content-type'] = 'application/json';
    const body = options.body === undefined ? undefined : JSON.stringify(options.body);
    for (let retry = 0; ; retry++) {
      const res = await this.send(method, this.url(path, options.query), headers, body);
      if (res.ok) return (res.status === 204 ? undefined : await readJson(res)) as T;
      const delay = parseRetryAfterMs(res.headers.get('retry-after')) ?? backoffMs(retry + 1);
      if (RETRYABLE.has(res.status) && retry < this.maxRetries && delay <= this.maxRetryDelayMs) {
        await res.body?.cancel();
        await sleep(delay);
        continue;
      }
      throw apiError(await readProblem(res), method, path);
    }
  }

  private async send(method: string, url: string, headers: Record<string, string>, body?: string): Promise<Response> {
    try {
      return await this.fetchImpl(url, { method, headers, body, signal: AbortSignal.timeout(this.timeoutMs) });
    } catch (err) {
      throw new EdgeCronConnectionError(`${method} ${url} failed: ${(err as Error).message}`, { cause: err });
    }
  }
}

async function readJson(res: Response): Promise<unknown> {
  const text = await res.text();
  return text ? JSON.parse(text) : undefined;
}

/** The server's problem+json, or one made up from the status when the body is something else. */
async function readProblem(res: Response): Promise<ProblemDetails> {
  const text = await res.text();
  try {
    const parsed = JSON.parse(text);
    if (parsed && typeof parsed.title === 'string') return { ...parsed, status: res.status };
  } catch {
    // not JSON: fall through
  }
  return { type: 'about:blank', title: res.statusText || `HTTP ${res.status}`, status: res.status, detail: text.slice(0, 500) };
}
