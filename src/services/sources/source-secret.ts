// A source's verification as stored: its one secret field (secret, password or key) sealed with the
// secret box, bound to the source's id; every answer shows it masked.
import type { SourceVerification } from '../../contracts/source';
import type { SecretBox } from '../../domain/node/secret-box';

export const MASK = '********';

const context = (sourceId: string) => `source:${sourceId}`;

/** The field of a verification that holds its secret; none for `none`. */
export function secretField(v: SourceVerification): 'secret' | 'password' | 'key' | undefined {
  if (v.type === 'basic') return 'password';
  if (v.type === 'api_key') return 'key';
  if (v.type === 'none') return undefined;
  return 'secret';
}

function withSecret(v: SourceVerification, change: (value: string) => string): SourceVerification {
  const field = secretField(v);
  if (!field) return v;
  const current = (v as Record<string, unknown>)[field] as string;
  return { ...v, [field]: change(current) } as SourceVerification;
}

export const sealVerification = (box: SecretBox, sourceId: string, v: SourceVerification) => withSecret(v, (s) => box.seal(s, context(sourceId)));
export const openVerification = (box: SecretBox, sourceId: string, v: SourceVerification) => withSecret(v, (s) => box.open(s, context(sourceId)));
export const maskVerification = (v: SourceVerification) => withSecret(v, () => MASK);

export const sealSourceSecret = (box: SecretBox, sourceId: string, secret: string) => box.seal(secret, context(sourceId));
export const openSourceSecret = (box: SecretBox, sourceId: string, sealed: string) => box.open(sealed, context(sourceId));

/** The clear secret of an opened verification. */
export function secretOf(v: SourceVerification): string | undefined {
  const field = secretField(v);
  return field ? ((v as Record<string, unknown>)[field] as string) : undefined;
}
