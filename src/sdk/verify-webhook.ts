// Verify an EdgeCron delivery on the receiving side (the Standard Webhooks scheme), with node:crypto
// only: `v1,<base64 HMAC-SHA256(key, "<webhook-id>.<webhook-timestamp>.<raw body>")>`.
import { createHmac, timingSafeEqual } from 'node:crypto';

export type IncomingHeaders = Headers | Record<string, string | string[] | undefined>;

export interface VerifyWebhookOptions {
  /** The endpoint's `whsec_…` secret; during a rotation pass both the new and the old one. */
  secret: string | readonly string[];
  /** The body exactly as received (before any JSON parsing). */
  payload: string | Uint8Array;
  headers: IncomingHeaders;
  /** How far webhook-timestamp may be from now, either way. Default 300 s. */
  toleranceSeconds?: number;
  /** For tests: the current time in ms. */
  now?: number;
}

export interface VerifiedWebhook {
  /** webhook-id: the same across retries of one task run, so de-duplicate on it. */
  id: string;
  timestamp: Date;
  /** The body, JSON-parsed (or the raw text when it is not JSON). */
  payload: unknown;
}

export type WebhookVerificationReason = 'missing_headers' | 'invalid_timestamp' | 'timestamp_too_old' | 'timestamp_too_new' | 'invalid_signature';

export class WebhookVerificationError extends Error {
  override name = 'WebhookVerificationError';
  constructor(
    readonly reason: WebhookVerificationReason,
    message: string,
  ) {
    super(message);
  }
}

function header(headers: IncomingHeaders, name: string): string | undefined {
  if (typeof (headers as Headers).get === 'function') return (headers as Headers).get(name) ?? undefined;
  const record = headers as Record<string, string | string[] | undefined>;
  const key = Object.keys(record).find((k) => k.toLowerCase() === name);
  const value = key === undefined ? undefined : record[key];
  return Array.isArray(value) ? value.join(' ') : value;
}

function secretKey(secret: string): Buffer {
  return Buffer.from(secret.startsWith('whsec_') ? secret.slice('whsec_'.length) : secret, 'base64');
}

/** Throws WebhookVerificationError unless one signature matches one secret and the time is fresh. */
export function verifyWebhook(options: VerifyWebhookOptions): VerifiedWebhook {
  const { headers, toleranceSeconds = 300, now = Date.now() } = options;
  const id = header(headers, 'webhook-id');
  const timestamp = header(headers, 'webhook-timestamp');
  const signatures = header(headers, 'webhook-signature');
  if (!id || !timestamp || !signatures) {
    throw new WebhookVerificationError('missing_headers', 'webhook-id, webhook-timestamp and webhook-signature are required');
  }
  if (!/^\d+$/.test(timestamp)) throw new WebhookVerificationError('invalid_timestamp', 'webhook-timestamp is not a number of seconds');
  const seconds = Number(timestamp);
  const nowSeconds = Math.floor(now / 1000);
  if (seconds < nowSeconds - toleranceSeconds) throw new WebhookVerificationError('timestamp_too_old', 'webhook-timestamp is too old');
  if (seconds > nowSeconds + toleranceSeconds) throw new WebhookVerificationError('timestamp_too_new', 'webhook-timestamp is in the future');

  const body = typeof options.payload === 'string' ? Buffer.from(options.payload, 'utf8') : Buffer.from(options.payload);
  const signed = Buffer.concat([Buffer.from(`${id}.${timestamp}.`, 'utf8'), body]);
  const secrets = typeof options.secret === 'string' ? [options.secret] : options.secret;
  const expected = secrets.map((s) => createHmac('sha256', secretKey(s)).update(signed).digest());
  // Several space-separated `v1,<sig>` entries are sent while the sender rotates its secret.
  const matches = signatures.split(' ').some((entry) => {
    const [version, encoded] = entry.split(',', 2);
    if (version !== 'v1' || !encoded) return false;
    const given = Buffer.from(encoded, 'base64');
    return expected.some((mac) => mac.length === given.length && timingSafeEqual(mac, given));
  });
  if (!matches) throw new WebhookVerificationError('invalid_signature', 'no signature matches the secret');

  const text = body.toString('utf8');
  let payload: unknown = text;
  try {
    payload = JSON.parse(text);
  } catch {
    // not JSON: hand back the text
  }
  return { id, timestamp: new Date(seconds * 1000), payload };
}
