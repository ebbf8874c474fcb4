// Standard Webhooks signing: `v1,<base64 HMAC-SHA256(secret, "<id>.<timestamp>.<body>")>`.
import { createHmac, randomBytes } from 'node:crypto';

const SECRET_PREFIX = 'whsec_';

export function generateSigningSecret(): string {
  return SECRET_PREFIX + randomBytes(32).toString('base64');
}

/**
 * A `whsec_` secret whose rest is canonical base64 of 24 to 64 bytes: 8 to 20 groups of four characters
 * with an optional padded tail (24 to 62 bytes), or 21 groups with an optional one-byte tail (63 or 64).
 * The API's input schema carries this expression into the OpenAPI document.
 */
export const SIGNING_SECRET = /^whsec_(?:(?:[A-Za-z0-9+/]{4}){8,20}(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?|(?:[A-Za-z0-9+/]{4}){21}(?:[A-Za-z0-9+/]{2}==)?)$/;

export function isValidSigningSecret(secret: string): boolean {
  return SIGNING_SECRET.test(secret);
}

export function sign(secret: string, webhookId: string, timestampSeconds: number, body: string): string {
  const key = Buffer.from(secret.slice(SECRET_PREFIX.length), 'base64');
  const mac = createHmac('sha256', key).update(`${webhookId}.${timestampSeconds}.${body}`).digest('base64');
  return `v1,${mac}`;
}

/**
 * The Standard Webhooks headers. With several secrets (a rotation's grace period) every signature is
 * sent, space-separated, so receivers holding either secret verify the message.
 */
export function signatureHeaders(
  secrets: string | string[],
  webhookId: string,
  timestampSeconds: number,
  body: string,
): Record<string, string> {
  const all = Array.isArray(secrets) ? secrets : [secrets];
  return {
    'webhook-id': webhookId,
    'webhook-timestamp': String(timestampSeconds),
    'webhook-signature': all.map((secret) => sign(secret, webhookId, timestampSeconds, body)).join(' '),
  };
}
