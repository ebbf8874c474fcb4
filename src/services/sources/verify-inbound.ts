// Verifying an inbound request as its sender signed it: over the raw bytes, never a re-serialised body,
// comparing in constant time. Each check says which part failed, never a signature or header value.
// `secrets` holds the current secret (password, key) and, during a rotation's grace, the previous one.
import { createHash, createHmac, timingSafeEqual } from 'node:crypto';
import type { SourceVerification } from '../../contracts/source';

export type Verdict = { ok: true } | { ok: false; reason: string };

export interface InboundRequest {
  body: Buffer;
  header(name: string): string | undefined;
  nowSeconds: number;
}

const OK: Verdict = { ok: true };
const refuse = (reason: string): Verdict => ({ ok: false, reason });

/** Equal-length buffers compared in constant time; unequal lengths are a plain mismatch (digests have fixed lengths). */
function sameBytes(a: Buffer, b: Buffer): boolean {
  return a.length === b.length && timingSafeEqual(a, b);
}

/** Free-form values (passwords, keys) compared as digests, so their length leaks nothing either. */
function sameText(a: string, b: string): boolean {
  const digest = (s: string) => createHash('sha256').update(s).digest();
  return timingSafeEqual(digest(a), digest(b));
}

const hmac = (algorithm: string, key: string | Buffer, ...parts: (string | Buffer)[]) => {
  const h = createHmac(algorithm, key);
  for (const p of parts) h.update(p);
  return h.digest();
};

function decode(value: string, encoding: 'hex' | 'base64'): Buffer {
  return Buffer.from(value.trim(), encoding);
}

function fresh(timestamp: string, r: InboundRequest, toleranceSeconds: number): boolean {
  const t = Number(timestamp);
  return /^\d{1,12}$/.test(timestamp) && Math.abs(r.nowSeconds - t) <= toleranceSeconds;
}

function verifyStripe(r: InboundRequest, secrets: string[], toleranceSeconds: number): Verdict {
  const header = r.header('stripe-signature');
  if (!header) return refuse('missing Stripe-Signature header');
  const pairs = header.split(',').map((p) => p.trim().split('='));
  const t = pairs.find(([k]) => k === 't')?.[1];
  const v1 = pairs.filter(([k, v]) => k === 'v1' && v).map(([, v]) => decode(v, 'hex'));
  if (!t || v1.length === 0) return refuse('Stripe-Signature header has no timestamp or v1 signature');
  // Stripe keys its HMAC with the whole whsec_… string.
  const matches = secrets.some((s) => v1.some((sig) => sameBytes(sig, hmac('sha256', s, `${t}.`, r.body))));
  if (!matches) return refuse('signature does not match');
  return fresh(t, r, toleranceSeconds) ? OK : refuse(`timestamp outside the tolerance of ${toleranceSeconds} s`);
}

function verifyStandardWebhooks(r: InboundRequest, secrets: string[], toleranceSeconds: number): Verdict {
  const id = r.header('webhook-id');
  const t = r.header('webhook-timestamp');
  const signature = r.header('webhook-signature');
  if (!id || !t || !signature) return refuse('missing webhook-id, webhook-timestamp or webhook-signature header');
  const given = signature.split(' ').filter((s) => s.startsWith('v1,')).map((s) => decode(s.slice(3), 'base64'));
  const keys = secrets.map((s) => Buffer.from(s.replace(/^whsec_/, ''), 'base64'));
  const matches = keys.some((k) => given.some((sig) => sameBytes(sig, hmac('sha256', k, `${id}.${t}.`, r.body))));
  if (!matches) return refuse('signature does not match');
  return fresh(t, r, toleranceSeconds) ? OK : refuse(`timestamp outside the tolerance of ${toleranceSeconds} s`);
}

/** One header carrying a digest of the body, optionally after a fixed prefix (GitHub's `sha256=`). */
function verifyBodyDigest(r: InboundRequest, secrets: string[], o: { header: string; algorithm: string; encoding: 'hex' | 'base64'; prefix?: string }): Verdict {
  const value = r.header(o.header);
  if (!value) return refuse(`missing ${o.header} header`);
  if (o.prefix && !value.startsWith(o.prefix)) return refuse(`${o.header} header does not start with the expected prefix`);
  const given = decode(value.slice(o.prefix?.length ?? 0), o.encoding);
  return secrets.some((s) => sameBytes(given, hmac(o.algorithm, s, r.body))) ? OK : refuse('signature does not match');
}

function verifyBasic(r: InboundRequest, username: string, passwords: string[]): Verdict {
  const value = r.header('authorization');
  if (!value || !/^basic /i.test(value)) return refuse('missing Basic Authorization header');
  const given = Buffer.from(value.slice(6).trim(), 'base64').toString('utf8');
  return passwords.some((p) => sameText(given, `${username}:${p}`)) ? OK : refuse('username or password does not match');
}

function verifyApiKey(r: InboundRequest, header: string, keys: string[]): Verdict {
  const value = r.header(header);
  if (!value) return refuse(`missing ${header} header`);
  return keys.some((k) => sameText(value, k)) ? OK : refuse('key does not match');
}

export function verifyInbound(v: SourceVerification, secrets: string[], r: InboundRequest): Verdict {
  switch (v.type) {
    case 'stripe': return verifyStripe(r, secrets, v.toleranceSeconds);
    case 'standard_webhooks': return verifyStandardWebhooks(r, secrets, v.toleranceSeconds);
    case 'github': return verifyBodyDigest(r, secrets, { header: 'X-Hub-Signature-256', algorithm: 'sha256', encoding: 'hex', prefix: 'sha256=' });
    case 'shopify': return verifyBodyDigest(r, secrets, { header: 'X-Shopify-Hmac-Sha256', algorithm: 'sha256', encoding: 'base64' });
    case 'hmac': return verifyBodyDigest(r, secrets, v);
    case 'basic': return verifyBasic(r, v.username, secrets);
    case 'api_key': return verifyApiKey(r, v.header, secrets);
    case 'none': return OK;
  }
}
