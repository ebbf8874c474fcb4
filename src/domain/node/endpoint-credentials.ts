// Credentials an endpoint carries besides its signing secret: custom header values (often
// `Authorization: Bearer …` for the receiver) and credentials in its URL (`user:pass@`, `?token=…`).
// At rest each header value is sealed with the secret box and the URL column holds the URL masked,
// the full one sealed beside it; every answer shows them masked. Only delivery and the full-scope
// reveal call open them.
import { invalidField } from '../errors';
import { isSealed, type SecretBox } from './secret-box';

/** What a hidden value reads as. Sent back unchanged in a PATCH, it keeps the stored value. */
export const MASK = '********';

/** Query parameter names that usually carry a credential. */
const SECRET_PARAM = /token|key|secret|passw|pwd|signature|^sig$|auth|credential|session|jwt|bearer/i;

const headerContext = (endpointId: string, name: string) => `endpoint:${endpointId}:header:${name}`;
const urlContext = (endpointId: string) => `endpoint:${endpointId}:url`;

interface QueryPart {
  name: string;
  raw: string;
  value: string | undefined;
}

function queryParts(search: string): QueryPart[] {
  if (search.length <= 1) return [];
  return search.slice(1).split('&').map((raw) => {
    const at = raw.indexOf('=');
    const rawName = at < 0 ? raw : raw.slice(0, at);
    let name = rawName;
    try {
      name = decodeURIComponent(rawName.replace(/\+/g, ' '));
    } catch { /* keep it raw */ }
    return { name, raw, value: at < 0 ? undefined : raw.slice(at + 1) };
  });
}

const isSecretParam = (p: QueryPart) => p.value !== undefined && p.value !== '' && SECRET_PARAM.test(p.name);

/** The URL with its user info and secret-looking query values replaced by the mask; the rest as written. */
export function maskUrl(url: string): string {
  if (!URL.canParse(url)) return url;
  const u = new URL(url);
  if (u.username) u.username = MASK;
  if (u.password) u.password = MASK;
  const parts = queryParts(u.search);
  if (parts.some(isSecretParam)) {
    u.search = parts.map((p) => (isSecretParam(p) ? `${p.raw.slice(0, p.raw.indexOf('='))}=${MASK}` : p.raw)).join('&');
  }
  return u.href;
}

/** Whether the URL holds a credential in clear (a masked one does not count). */
export function urlHasCredentials(url: string): boolean {
  return maskUrl(url) !== url;
}

/**
 * The URL to store after a change: where the caller sent the mask back, the stored value stays. A mask
 * with nothing stored behind it is a 400 naming `url`.
 */
export function keepMaskedUrl(sent: string, stored: string): string {
  if (!sent.includes(MASK)) return sent; // stored as written
  const next = new URL(sent);
  const prev = new URL(stored);
  const nothingStored = () => invalidField('url', 'holds a masked value (********) where no credential is stored; send the real value');
  if (next.username === MASK) {
    if (!prev.username) throw nothingStored();
    next.username = prev.username;
  }
  if (next.password === MASK) {
    if (!prev.password) throw nothingStored();
    next.password = prev.password;
  }
  const parts = queryParts(next.search);
  if (parts.some((p) => p.value === MASK)) {
    const storedParts = queryParts(prev.search);
    const seen = new Map<string, number>();
    next.search = parts.map((p) => {
      const nth = seen.get(p.name) ?? 0;
      seen.set(p.name, nth + 1);
      if (p.value !== MASK) return p.raw;
      const match = storedParts.filter((s) => s.name === p.name)[nth];
      if (!match || match.value === undefined) throw nothingStored();
      return match.raw;
    }).join('&');
  }
  return next.href;
}

/** Columns to store for a URL: masked in `url`, the full URL sealed in `sealedUrl` when it has credentials. */
export function storedUrl(box: SecretBox, endpointId: string, url: string): { url: string; sealedUrl: string | null } {
  if (!urlHasCredentials(url)) return { url, sealedUrl: null };
  return { url: maskUrl(url), sealedUrl: box.seal(url, urlContext(endpointId)) };
}

/** The URL to call (and to reveal). */
export function openUrl(box: SecretBox, e: { id: string; url: string; sealedUrl: string | null }): string {
  return e.sealedUrl ? box.open(e.sealedUrl, urlContext(e.id)) : e.url;
}

export function sealHeaders(box: SecretBox, endpointId: string, headers: Record<string, string>): Record<string, string> {
  return Object.fromEntries(Object.entries(headers).map(([name, value]) => [name, box.seal(value, headerContext(endpointId, name))]));
}

/** Whether any header value is stored in clear (written by a version before they were sealed). */
export function hasClearHeaders(stored: unknown): boolean {
  return Object.values((stored ?? {}) as Record<string, string>).some((v) => !isSealed(v));
}

/** The header values in clear; values written in clear by an earlier version pass through. */
export function openHeaders(box: SecretBox, endpointId: string, stored: unknown): Record<string, string> {
  return Object.fromEntries(
    Object.entries((stored ?? {}) as Record<string, string>).map(([name, value]) => [
      name,
      isSealed(value) ? box.open(value, headerContext(endpointId, name)) : value,
    ]),
  );
}

/** Names kept, values hidden. */
export function maskHeaders(stored: unknown): Record<string, string> {
  return Object.fromEntries(Object.keys((stored ?? {}) as Record<string, string>).map((name) => [name, MASK]));
}

/** Headers to store after a change: a masked value keeps the stored value of that header (any case). */
export function keepMaskedHeaders(sent: Record<string, string>, stored: Record<string, string>): Record<string, string> {
  const byLowerName = new Map(Object.entries(stored).map(([n, v]) => [n.toLowerCase(), v]));
  return Object.fromEntries(
    Object.entries(sent).map(([name, value]) => {
      if (value !== MASK) return [name, value];
      const kept = byLowerName.get(name.toLowerCase());
      if (kept === undefined) throw invalidField(`headers.${name}`, 'is masked (********) but no value is stored for it; send the real value');
      return [name, kept];
    }),
  );
}
