// One outbound HTTP call with undici: no redirects, a hard timeout, and the response body read only
// up to a cap. Never throws: every outcome comes back as a CallOutcome to be recorded.
// The dispatcher decides which addresses may be reached (see guarded-agent.ts).
import { request, type Dispatcher } from 'undici';
import type { ErrorKind } from '../../../src/domain/delivery-outcome';
import { BLOCKED_CODE } from './guarded-agent';

export interface WebhookRequest {
  url: string;
  method: 'POST' | 'PUT' | 'PATCH' | 'GET' | 'DELETE';
  headers: Record<string, string>;
  body: string | undefined;
  timeoutMs: number;
  responseBodyCap: number;
}

export interface CallOutcome {
  statusCode?: number;
  errorKind?: ErrorKind;
  errorMessage?: string;
  responseHeaders?: Record<string, string>;
  responseBody?: string;
  latencyMs: number;
  /** A queue destination's acknowledgement: the SQS message id, or the Kafka partition and offset. */
  destinationResult?: Record<string, unknown>;
}

const TIMEOUT_CODES = new Set(['UND_ERR_HEADERS_TIMEOUT', 'UND_ERR_BODY_TIMEOUT', 'UND_ERR_CONNECT_TIMEOUT']);

function classify(err: unknown, signal: AbortSignal): { errorKind: ErrorKind; errorMessage: string } {
  const e = err as { code?: string; name?: string; message?: string; cause?: { code?: string; message?: string } };
  if (e.code === BLOCKED_CODE || e.cause?.code === BLOCKED_CODE) {
    return { errorKind: 'blocked', errorMessage: (e.code === BLOCKED_CODE ? e.message : e.cause?.message) ?? 'address refused' };
  }
  if (signal.aborted || TIMEOUT_CODES.has(e.code ?? '') || e.name === 'TimeoutError') {
    return { errorKind: 'timeout', errorMessage: 'no complete response within the endpoint timeout' };
  }
  const code = e.cause?.code ?? e.code;
  const message = e.cause?.message ?? e.message ?? 'network error';
  return { errorKind: 'network', errorMessage: code ? `${code}: ${message}` : message };
}

async function readCapped(body: AsyncIterable<Buffer> & { destroy(): unknown }, cap: number): Promise<string> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of body) {
    chunks.push(chunk);
    size += chunk.length;
    if (size >= cap) {
      body.destroy(); // do not download the rest of a huge or endless body
      break;
    }
  }
  return Buffer.concat(chunks).subarray(0, cap).toString('utf8');
}

function flattenHeaders(headers: Record<string, string | string[] | undefined>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [name, value] of Object.entries(headers)) {
    if (value === undefined || name === 'set-cookie') continue;
    out[name] = Array.isArray(value) ? value.join(', ') : value;
  }
  return out;
}

export async function sendWebhook(req: WebhookRequest, dispatcher: Dispatcher): Promise<CallOutcome> {
  const started = performance.now();
  const signal = AbortSignal.timeout(req.timeoutMs);
  const latency = () => Math.round(performance.now() - started);
  try {
    const res = await request(req.url, {
      method: req.method,
      headers: req.headers,
      body: req.body,
      signal,
      dispatcher,
      headersTimeout: req.timeoutMs,
      bodyTimeout: req.timeoutMs,
    });
    const responseBody = await readCapped(res.body, req.responseBodyCap);
    return {
      statusCode: res.statusCode,
      responseHeaders: flattenHeaders(res.headers),
      responseBody,
      latencyMs: latency(),
    };
  } catch (err) {
    return { ...classify(err, signal), latencyMs: latency() };
  }
}
