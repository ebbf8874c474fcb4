// An endpoint's signing secrets as stored: sealed with the secret box, bound to the endpoint's id.
// Rows written before secrets were sealed still hold `whsec_…` in clear until the API seals them at
// start-up (sealLegacyEndpointSecrets); reading copes with both meanwhile.
import { isSealed, type SecretBox } from './secret-box';

const context = (endpointId: string) => `endpoint:${endpointId}`;

export function sealEndpointSecret(box: SecretBox, endpointId: string, secret: string): string {
  return box.seal(secret, context(endpointId));
}

export function openEndpointSecret(box: SecretBox, endpointId: string, stored: string): string {
  return isSealed(stored) ? box.open(stored, context(endpointId)) : stored;
}

interface StoredSecrets {
  id: string;
  secret: string;
  oldSecret: string | null;
  oldSecretUntil: Date | null;
}

/** The secrets to sign with now: the current one, plus the previous one while its grace period lasts. */
export function signingSecrets(box: SecretBox, e: StoredSecrets, now: Date): string[] {
  const secrets = [openEndpointSecret(box, e.id, e.secret)];
  if (e.oldSecret && e.oldSecretUntil && e.oldSecretUntil > now) {
    secrets.push(openEndpointSecret(box, e.id, e.oldSecret));
  }
  return secrets;
}
