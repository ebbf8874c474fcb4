// Standard Webhooks signing: `v1,<base64 HMAC-SHA256(secret, "<id>.<timestamp>.<body>")>`.
import { createHmac, randomBytes } from 'node:crypto';

const SECRET_PREFIX = 'whsec_';

export function generateSigningSecret(): string {
  return SECRET_PREFIX + randomBytes(32).toString('base64');
}

/** A `whsec_` secret whose rest is base64 of 24 to 64 bytes. */
export function isValidSigningSecret(secret: string): boolean {
  if (!secret.startsWith(SECRET_PREFIX)) return false;
  const body = secret.slice(SECRET_PREFIX.length);
  if (!/^[A-Za-z0-9+/]+={0,2}$/.test(body)) return false;
  const length = Buffer.from(body, 'base64').length;
  return length >= 24 && length <= 64;
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
