// The API shape of a source: its secret masked (GET /v1/sources/:id/secret reveals it), the rules in
// force (a type's defaults filled in), and the absolute URL providers send to.
import type { Source } from '../../db/generated/client';
import type { SourceDeduplicate, SourceEventType, SourceVerification } from '../../contracts/source';
import { maskVerification } from './source-secret';
import { dedupRule, eventTypeRule } from './inbound-rules';

export function sourceView(s: Source, baseUrl: string) {
  const verification = s.verification as SourceVerification;
  const dedup = dedupRule(verification.type, s.deduplicate as SourceDeduplicate | null);
  const graceActive = s.oldSecretUntil !== null && s.oldSecretUntil > new Date();
  return {
    id: s.id,
    name: s.name,
    description: s.description,
    tenantId: s.tenantId,
    status: s.disabled ? ('disabled' as const) : ('active' as const),
    verification: maskVerification(verification),
    verified: verification.type !== 'none',
    eventType: eventTypeRule(verification.type, s.eventType as SourceEventType | null) ?? null,
    eventTypePrefix: s.eventTypePrefix,
    deduplicate: dedup ?? (false as const),
    ingestRateLimitPerSecond: s.ingestRateLimitPerSecond,
    ingestUrl: `${baseUrl.replace(/\/+$/, '')}/in/${s.id}`,
    previousSecretExpiresAt: graceActive ? s.oldSecretUntil!.toISOString() : null,
    createdAt: s.createdAt.toISOString(),
    updatedAt: s.updatedAt.toISOString(),
  };
}

export type SourceView = ReturnType<typeof sourceView>;
