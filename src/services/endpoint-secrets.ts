// Endpoint signing secrets: reveal, rotate with a grace period, and seal rows written in clear.
import type { RotateSecretBody } from '../contracts/endpoint';
import type { Db } from '../db/prisma';
import { openEndpointSecret, sealEndpointSecret } from '../domain/node/endpoint-secret';
import type { SecretBox } from '../domain/node/secret-box';
import { generateSigningSecret } from '../domain/node/signing';
import type { DbDeps, SecretDeps } from './deps';
import { findLiveEndpoint } from './endpoints';

/** The explicit reveal call (full-scope keys only): the one place a stored secret leaves in clear. */
export async function revealEndpointSecret(deps: DbDeps & SecretDeps, id: string) {
  const endpoint = await findLiveEndpoint(deps, id);
  const previousActive = endpoint.oldSecretUntil !== null && endpoint.oldSecretUntil > new Date();
  return {
    secret: openEndpointSecret(deps.secretBox, id, endpoint.secret),
    previousSecretExpiresAt: previousActive ? endpoint.oldSecretUntil!.toISOString() : null,
  };
}

/**
 * A new signing secret, shown once. Until the grace period ends, deliveries carry signatures with
 * both the new and the previous secret, so receivers can switch over without dropping messages.
 */
export async function rotateEndpointSecret(deps: DbDeps & SecretDeps, id: string, body: RotateSecretBody) {
  const endpoint = await findLiveEndpoint(deps, id);
  const secret = body.secret ?? generateSigningSecret();
  const previousSecretExpiresAt = new Date(Date.now() + body.gracePeriodSeconds * 1000);
  await deps.db.endpoint.update({
    where: { id },
    data: {
      secret: sealEndpointSecret(deps.secretBox, id, secret),
      // Stored sealed as it was; it opens with the same endpoint-bound context.
      oldSecret: sealEndpointSecret(deps.secretBox, id, openEndpointSecret(deps.secretBox, id, endpoint.secret)),
      oldSecretUntil: previousSecretExpiresAt,
    },
  });
  return { id, secret, previousSecretExpiresAt: previousSecretExpiresAt.toISOString() };
}

/** Seals secrets stored in clear by versions before secrets were encrypted. Returns how many. */
export async function sealLegacyEndpointSecrets(db: Db, box: SecretBox): Promise<number> {
  const legacy = await db.endpoint.findMany({ where: { secret: { startsWith: 'whsec_' } }, select: { id: true, secret: true } });
  for (const e of legacy) {
    await db.endpoint.updateMany({ where: { id: e.id, secret: e.secret }, data: { secret: sealEndpointSecret(box, e.id, e.secret) } });
  }
  return legacy.length;
}
