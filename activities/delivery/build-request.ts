// Turns an endpoint and a run into the exact HTTP request to send, signed per Standard Webhooks.
import { signatureHeaders } from '../../src/domain/node/signing';
import type { Destination } from '../../src/contracts/destinations';
import type { WebhookRequest } from './http/send-webhook';

export interface RequestTarget {
  url: string;
  method: WebhookRequest['method'];
  headers: Record<string, string>;
  timeoutMs: number;
  /** The current signing secret, then the previous one during a rotation's grace period. */
  secrets: string[];
  /** A queue to send the same signed message to instead of `url` (opened: credentials in clear); null = HTTP. */
  destination: Destination | null;
}

const USER_AGENT = 'EdgeCron-Webhooks/0.1';

export function buildRequest(
  target: RequestTarget,
  webhookId: string,
  payload: unknown,
  nowSeconds: number,
  responseBodyCap: number,
  /** The delivery span's W3C trace context. */
  traceparent: string,
): WebhookRequest {
  // A GET carries no body; its signature covers the empty string.
  const body = target.method === 'GET' ? undefined : JSON.stringify(payload);
  const headers: Record<string, string> = {
    ...target.headers,
    'user-agent': USER_AGENT,
    traceparent,
    ...signatureHeaders(target.secrets, webhookId, nowSeconds, body ?? ''),
  };
  if (body !== undefined) headers['content-type'] = 'application/json';
  return { url: target.url, method: target.method, headers, body, timeoutMs: target.timeoutMs, responseBodyCap };
}

const REQUEST_ID_HEADERS = ['x-request-id', 'request-id', 'x-amzn-requestid', 'x-correlation-id', 'cf-ray'];

/** The receiver's own id for the request, when it sends one. */
export function receiverRequestId(headers: Record<string, string> | undefined): string | undefined {
  if (!headers) return undefined;
  for (const name of REQUEST_ID_HEADERS) if (headers[name]) return headers[name].slice(0, 200);
  return undefined;
}
