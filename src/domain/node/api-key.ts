// API keys: `ek_` + 43 base64url characters (256 random bits). Only a SHA-256 hash is stored (the
// keys are random, so a plain hash cannot be brute-forced); a prefix and the last four characters
// are kept so people can tell keys apart.
import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';

export const API_KEY_PREFIX = 'ek_';

export type ApiKeyScope = 'read' | 'full';

export function generateApiKey(): string {
  return API_KEY_PREFIX + randomBytes(32).toString('base64url');
}

export function hashApiKey(key: string): Buffer {
  return createHash('sha256').update(key, 'utf8').digest();
}

export function apiKeyHints(key: string): { prefix: string; lastFour: string } {
  return { prefix: key.slice(0, API_KEY_PREFIX.length + 4), lastFour: key.slice(-4) };
}

/** Constant-time equality of two hashes (both SHA-256, so always the same length). */
export function sameHash(a: Buffer, b: Buffer): boolean {
  return a.length === b.length && timingSafeEqual(a, b);
}

/** Read-scope keys may only read, and may not reveal secrets, credentials or transformation code, manage keys or read the audit log. */
export function scopeAllows(scope: ApiKeyScope, method: string, path: string): boolean {
  if (scope === 'full') return true;
  if (method !== 'GET' && method !== 'HEAD') return false;
  const p = path.toLowerCase(); // Express routes ignore case, so this check must too
  return !/\/(secret|credentials|transformation)\/?$/.test(p) && !p.startsWith('/api-keys') && !p.startsWith('/audit-events');
}
