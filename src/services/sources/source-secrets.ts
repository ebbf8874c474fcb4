// A source's secret (password, key): reveal, and rotate with a grace period during which requests
// signed with either are accepted (the provider issues the new one; senders switch over at their pace).
import type { RotateSourceSecretBody, SourceVerification } from '../../contracts/source';
import { conflictsWithCurrent } from '../../domain/errors';
import type { DbDeps, SecretDeps } from '../deps';
import { findLiveSource } from './sources';
import { openVerification, sealSourceSecret, sealVerification, secretField, secretOf } from './source-secret';

/** The explicit reveal call (full-scope keys only). */
export async function revealSourceSecret(deps: DbDeps & SecretDeps, id: string) {
  const source = await findLiveSource(deps, id);
  const verification = openVerification(deps.secretBox, id, source.verification as SourceVerification);
  const field = secretField(verification);
  const graceActive = source.oldSecretUntil !== null && source.oldSecretUntil > new Date();
  return { [field ?? 'secret']: secretOf(verification) ?? null, previousSecretExpiresAt: graceActive ? source.oldSecretUntil!.toISOString() : null };
}

export async function rotateSourceSecret(deps: DbDeps & SecretDeps, id: string, body: RotateSourceSecretBody) {
  const source = await findLiveSource(deps, id);
  const current = openVerification(deps.secretBox, id, source.verification as SourceVerification);
  const field = secretField(current);
  // Which field and which form the new secret takes depend on the source's verification type: a
  // mismatch conflicts with the current settings (409), the body alone being well-formed.
  if (!field) throw conflictsWithCurrent('secret', 'a source verified with type none has no secret to rotate');
  const next = body[field];
  if (!next) throw conflictsWithCurrent(field, `is required: the provider issues the new ${field}`);
  if (current.type === 'stripe' || current.type === 'standard_webhooks') {
    if (!/^whsec_[A-Za-z0-9+/=_-]{8,256}$/.test(next)) throw conflictsWithCurrent(field, "must be the provider's whsec_… secret");
  } else if (next.length > 256) throw conflictsWithCurrent(field, 'at most 256 characters');
  const previousSecretExpiresAt = new Date(Date.now() + body.gracePeriodSeconds * 1000);
  await deps.db.source.update({
    where: { id },
    data: {
      verification: sealVerification(deps.secretBox, id, { ...current, [field]: next } as SourceVerification) as object,
      oldSecret: sealSourceSecret(deps.secretBox, id, secretOf(current)!),
      oldSecretUntil: previousSecretExpiresAt,
    },
  });
  return { id, previousSecretExpiresAt: previousSecretExpiresAt.toISOString() };
}
