// Who is calling: a presented API key → its id and scope, or nothing. Wrong, revoked, expired and
// missing keys do the same work (one hash, one constant-time compare, one indexed lookup) and give
// the same answer, so neither the response nor its timing tells them apart.
import type { Db } from '../db/prisma';
import { hashApiKey, sameHash, type ApiKeyScope } from '../domain/node/api-key';

export interface Principal {
  /** The key's id, or `bootstrap` for the configured key. Rate limits are per principal. */
  keyId: string;
  /** The key's name, as audit records show the actor. */
  name: string;
  scope: ApiKeyScope;
  /** Set for a tenant key or portal session: it sees and changes this tenant only. */
  tenantId?: string;
  /** `portal` for a portal session's token (short-lived; it may not mint keys). */
  kind?: 'api' | 'portal';
}

export type Authenticate = (presented: string) => Promise<Principal | undefined>;

export function createAuthenticator(db: Db, bootstrapKey: string | undefined): Authenticate {
  // Without a bootstrap key, compare against a hash no key has, to keep the work the same.
  const bootstrapHash = bootstrapKey ? hashApiKey(bootstrapKey) : hashApiKey(`no bootstrap key ${Math.random()}`);
  return async (presented) => {
    const digest = hashApiKey(presented);
    const isBootstrap = sameHash(digest, bootstrapHash) && bootstrapKey !== undefined;
    const row = await db.apiKey.findUnique({
      where: { hash: digest.toString('hex') },
      select: { id: true, name: true, scope: true, revokedAt: true, expiresAt: true, tenantId: true, kind: true },
    });
    if (isBootstrap) return { keyId: 'bootstrap', name: 'bootstrap key (EDGECRON_BOOTSTRAP_API_KEY)', scope: 'full' };
    if (!row || row.revokedAt || (row.expiresAt && row.expiresAt <= new Date())) return undefined;
    return {
      keyId: row.id,
      name: row.name,
      scope: row.scope,
      ...(row.tenantId ? { tenantId: row.tenantId } : {}),
      kind: row.kind === 'portal' ? 'portal' : 'api',
    };
  };
}
