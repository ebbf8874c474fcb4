// POST /in/:sourceId: a request verified as its sender signed it becomes an Event through the same
// durable publish as POST /v1/events (committed with its fanout's start; Temporal down still accepts).
// The answer is an outcome the route maps to a status; every request leaves one row in the source's log.
import type { Source } from '../../db/generated/client';
import type { SourceDeduplicate, SourceEventType, SourceVerification } from '../../contracts/source';
import { Prisma } from '../../db/generated/client';
import { DomainError } from '../../domain/errors';
import { takeToken } from '../../db/rate-limit-bucket';
import type { DbDeps, HandoffDeps, SecretDeps } from '../deps';
import { publishEvent } from '../publish-event';
import { dedupRule, deliveryIdOf, eventTypeRule, inboundEventType, type InboundContent } from './inbound-rules';
import { openSourceSecret, openVerification, secretOf } from './source-secret';
import { recordSourceRequest } from './source-requests';
import { verifyInbound } from './verify-inbound';

/** How long a provider is asked to wait while its source is disabled. */
const DISABLED_RETRY_AFTER_SECONDS = 300;

export interface InboundHttpRequest {
  body: Buffer;
  contentType: string | undefined;
  header(name: string): string | undefined;
  /** The client's address, for the failed-verification limit. */
  address: string;
}

export type IngestOutcome =
  | { status: 202; eventId: string }
  | { status: 200; eventId: string; duplicate: true }
  | { status: 401; reason: string }
  | { status: 404 }
  | { status: 422; reason: string; fields?: { field: string; message: string }[] }
  | { status: 429; retryAfterSeconds: number; reason: string }
  | { status: 503; retryAfterSeconds: number };

/** Failed verifications per source and client address (an AuthFailureLimit of its own, built by the API). */
export interface VerificationFailureLimit {
  retryAfterSeconds(key: string): number;
  recordFailure(key: string): void;
}

export interface IngestDeps extends DbDeps, HandoffDeps, SecretDeps {
  verificationFailures: VerificationFailureLimit;
}

function payloadOf(r: InboundHttpRequest): { json: unknown; payload: unknown } {
  if (/\bjson\b/i.test(r.contentType ?? '') || r.contentType === undefined) {
    try {
      const json: unknown = JSON.parse(r.body.toString('utf8'));
      return { json, payload: json };
    } catch {
      // Not JSON after all: kept as text below.
    }
  }
  return { json: undefined, payload: { contentType: r.contentType ?? 'application/octet-stream', body: r.body.toString('utf8') } };
}

function secretsOf(deps: SecretDeps, s: Source, v: SourceVerification): string[] {
  const current = secretOf(v);
  if (current === undefined) return [];
  const graceActive = s.oldSecret !== null && s.oldSecretUntil !== null && s.oldSecretUntil > new Date();
  return graceActive ? [current, openSourceSecret(deps.secretBox, s.id, s.oldSecret!)] : [current];
}

const isDedupViolation = (err: unknown) =>
  err instanceof Prisma.PrismaClientKnownRequestError && err.code === 'P2002' && JSON.stringify(err.meta ?? {}).includes('sourceDedupKey');

/** The first event of this delivery id while the window holds it; an expired holder gives the key up. */
async function earlierDelivery(deps: DbDeps, sourceId: string, key: string, windowSeconds: number) {
  const holder = await deps.db.event.findFirst({ where: { sourceId, sourceDedupKey: key }, select: { id: true, createdAt: true } });
  if (!holder) return undefined;
  if (holder.createdAt.getTime() > Date.now() - windowSeconds * 1000) return holder.id;
  await deps.db.event.updateMany({ where: { id: holder.id, sourceDedupKey: key }, data: { sourceDedupKey: null } });
  return undefined;
}

export async function ingestInbound(deps: IngestDeps, sourceId: string, r: InboundHttpRequest): Promise<IngestOutcome> {
  const source = await deps.db.source.findFirst({ where: { id: sourceId, deletedAt: null } });
  if (!source) return { status: 404 };
  const log = (outcome: 'accepted' | 'duplicate' | 'rejected', extra: { reason?: string; eventId?: string } = {}) =>
    recordSourceRequest(deps, { sourceId, outcome, bodyBytes: r.body.length, ...extra });
  const refuse = async <O extends IngestOutcome>(outcome: O, reason: string): Promise<O> => {
    await log('rejected', { reason });
    return outcome;
  };
  if (source.disabled) return refuse({ status: 503, retryAfterSeconds: DISABLED_RETRY_AFTER_SECONDS }, 'source disabled');
  const limiterKey = `${sourceId} ${r.address}`;
  const lockedOut = deps.verificationFailures.retryAfterSeconds(limiterKey);
  if (lockedOut) return refuse({ status: 429, retryAfterSeconds: lockedOut, reason: 'too many failed verifications from this address' }, 'too many failed verifications');
  const rate = source.ingestRateLimitPerSecond;
  const take = await takeToken(deps.db, `source:${sourceId}`, { perSecond: rate, burst: rate });
  if (!take.allowed) {
    const retryAfterSeconds = Math.max(1, Math.ceil((1 - take.tokens) / rate));
    return refuse({ status: 429, retryAfterSeconds, reason: `this source accepts ${rate} requests per second` }, 'ingest rate limit');
  }

  const verification = openVerification(deps.secretBox, sourceId, source.verification as SourceVerification);
  const verdict = verifyInbound(verification, secretsOf(deps, source, verification), { body: r.body, header: r.header, nowSeconds: Math.floor(Date.now() / 1000) });
  if (!verdict.ok) {
    deps.verificationFailures.recordFailure(limiterKey);
    return refuse({ status: 401, reason: verdict.reason }, verdict.reason);
  }

  const { json, payload } = payloadOf(r);
  const content: InboundContent = { json, header: r.header };
  const typed = inboundEventType(eventTypeRule(verification.type, source.eventType as SourceEventType | null), source.eventTypePrefix, content);
  if ('refused' in typed) return refuse({ status: 422, reason: typed.refused }, typed.refused);

  const dedup = dedupRule(verification.type, source.deduplicate as SourceDeduplicate | null);
  const deliveryId = dedup ? deliveryIdOf(content, dedup.key) : undefined;
  const duplicate = async (eventId: string) => {
    await log('duplicate', { eventId });
    return { status: 200 as const, eventId, duplicate: true as const };
  };
  if (dedup && deliveryId) {
    const first = await earlierDelivery(deps, sourceId, deliveryId, dedup.windowSeconds);
    if (first) return duplicate(first);
  }
  try {
    const { event } = await publishEvent(deps, { type: typed.type, payload: payload as never, ...(source.tenantId ? { tenantId: source.tenantId } : {}) }, {
      source: { sourceId, sourceDeliveryId: deliveryId ?? null, sourceDedupKey: dedup && deliveryId ? deliveryId : null },
    });
    await log('accepted', { eventId: event.id });
    return { status: 202, eventId: event.id };
  } catch (err) {
    if (isDedupViolation(err) && deliveryId) {
      // A concurrent request with the same delivery id committed first.
      const first = await deps.db.event.findFirst({ where: { sourceId, sourceDedupKey: deliveryId }, select: { id: true } });
      if (first) return duplicate(first.id);
    }
    // The event type catalog's schema refused the payload: the request is well-formed but unprocessable.
    if (err instanceof DomainError && err.kind === 'invalid') return refuse({ status: 422, reason: err.message, fields: err.fields }, err.message);
    throw err;
  }
}
