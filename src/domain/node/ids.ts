// Prefixed, time-sortable ids: 10 chars of millisecond time + 16 random chars (Crockford base32),
// so sorting ids sorts by creation time and cursors can be plain ids.
import { createHash, randomBytes } from 'node:crypto';

const ALPHABET = '0123456789abcdefghjkmnpqrstvwxyz';

export const ID_PREFIXES = {
  endpoint: 'ep',
  retryPolicy: 'rp',
  schedule: 'sch',
  event: 'evt',
  taskRun: 'run',
  attempt: 'att',
  deadLetter: 'dl',
  deadLetterReplay: 'dlr',
  message: 'msg',
  apiKey: 'key',
  auditEvent: 'aud',
  tenant: 'tn',
  source: 'src',
  sourceRequest: 'srq',
  transformationVersion: 'trv',
} as const;

export type IdKind = keyof typeof ID_PREFIXES;

function encodeTime(ms: number): string {
  let out = '';
  for (let i = 0; i < 10; i++) {
    out = ALPHABET[ms % 32] + out;
    ms = Math.floor(ms / 32);
  }
  return out;
}

function encodeRandom(): string {
  const bytes = randomBytes(16);
  let out = '';
  for (const b of bytes) out += ALPHABET[b % 32];
  return out;
}

export function newId(kind: IdKind, now = Date.now()): string {
  return `${ID_PREFIXES[kind]}_${encodeTime(now)}${encodeRandom()}`;
}

/**
 * The same id every time for the same (time, seed): lets a retried activity create "its" row once,
 * e.g. the Task Run of one Schedule fire, keyed by that fire's workflow id.
 */
export function seededId(kind: IdKind, timeMs: number, seed: string): string {
  const digest = createHash('sha256').update(seed).digest();
  let random = '';
  for (let i = 0; i < 16; i++) random += ALPHABET[digest[i] % 32];
  return `${ID_PREFIXES[kind]}_${encodeTime(timeMs)}${random}`;
}

/** The smallest id of this kind made at `ms` or later: `id < idTimeFloor(kind, t)` selects ids made before t. */
export function idTimeFloor(kind: IdKind, ms: number): string {
  return `${ID_PREFIXES[kind]}_${encodeTime(ms)}`;
}

const ID_BODY = /^[0-9a-hjkmnp-tv-z]{26}$/;

/** True when `value` looks like an id of this kind (used to 404 early on garbage ids). */
export function isId(kind: IdKind, value: string): boolean {
  const prefix = `${ID_PREFIXES[kind]}_`;
  return value.startsWith(prefix) && ID_BODY.test(value.slice(prefix.length));
}
