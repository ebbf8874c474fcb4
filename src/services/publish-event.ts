// Publishing an event: store it once, with its fanout's start in the same transaction (the dispatcher
// starts it). With an idempotency key, a repeat with the
// same type and payload returns the original event (no second fanout) and a repeat with different
// content is a conflict. Concurrent repeats race on the unique key: one insert wins, the others re-read.
// Keys are per tenant (the event's tenant; none = the installation's own scope): another tenant's use of
// the same key is neither seen nor a conflict.
// Returns the stored row: the API shapes its answer (src/api/routes/events.ts); system events need none.
import { createHash } from 'node:crypto';
import { Prisma, type Event } from '../db/generated/client';
import type { PublishEventBody } from '../contracts/event';
import { canonicalJson } from '../domain/canonical-json';
import { conflict, DomainError } from '../domain/errors';
import { DEFAULT_RETENTION } from '../domain/retention';
import { assertBacklogRoom } from '../dispatch/handoff';
import { enqueueStart } from '../dispatch/enqueue-start';
import type { EventFanoutStart } from '../dispatch/start-request';
import { eventFanoutWorkflowId } from '../domain/workflow-ids';
import { newId } from '../domain/node/ids';
import type { DbDeps, HandoffDeps } from './deps';
import { releaseExpiredKey } from './idempotency-expiry';
import { ORDERED_TRANSACTION, takeOrderingSeq } from './ordered-runs';
import { assertTenantExists } from './tenants/assert-tenant';
import { scopedTenantId } from '../db/tenant-scope';
import { assertPayloadMatchesType } from './event-types/event-types';

export interface Published {
  /** True when an earlier publish with the same idempotency key is returned instead. */
  replayed: boolean;
  /** The stored event: the earlier one when replayed. */
  event: Event;
}

export interface PublishOptions {
  /** The request's Idempotency-Key header; it must agree with the body's idempotencyKey. */
  headerKey?: string;
  /** How long a key holds (IDEMPOTENCY_KEY_TTL_HOURS); default DEFAULT_RETENTION's, which system events use. */
  idempotencyKeyHours?: number;
  /** Published by an inbound source: its id, the provider's delivery id and the dedup key its window holds. */
  source?: { sourceId: string; sourceDeliveryId: string | null; sourceDedupKey: string | null };
}

export function contentHash(type: string, payload: unknown, orderingKey?: string, tenantId?: string): string {
  // The ordering key and tenant count as content only when given, so hashes of events without them are unchanged.
  const content = { type, payload, ...(orderingKey === undefined ? {} : { orderingKey }), ...(tenantId === undefined ? {} : { tenantId }) };
  return createHash('sha256').update(canonicalJson(content)).digest('hex');
}

function idempotencyKeyOf(body: PublishEventBody, header: string | undefined): string | null {
  if (body.idempotencyKey && header && body.idempotencyKey !== header) {
    // Each part is valid alone; together they name two keys, which no schema of one part can forbid.
    const message = 'differs from the Idempotency-Key header; send one or make them equal';
    throw new DomainError('conflict', 'Two idempotency keys', `idempotencyKey: ${message}`, [{ field: 'idempotencyKey', message }]);
  }
  return body.idempotencyKey ?? header ?? null;
}

function sameOrConflict(existing: Event, hash: string): Published {
  if (existing.payloadHash !== hash) {
    throw conflict(
      'Idempotency key reused',
      `Idempotency key ${existing.idempotencyKey} was used for event ${existing.id} with a different type or payload.`,
    );
  }
  return { replayed: true, event: existing };
}

const isUniqueViolation = (err: unknown) => err instanceof Prisma.PrismaClientKnownRequestError && err.code === 'P2002';

export async function publishEvent(deps: DbDeps & HandoffDeps, body: PublishEventBody, options: PublishOptions = {}): Promise<Published> {
  const { headerKey, idempotencyKeyHours = DEFAULT_RETENTION.idempotencyKeyHours } = options;
  const idempotencyKey = idempotencyKeyOf(body, headerKey);
  const tenantId = body.tenantId ?? scopedTenantId();
  const payloadHash = contentHash(body.type, body.payload, body.orderingKey, tenantId);
  const keyHolder = () => deps.db.event.findFirst({ where: { tenantId: tenantId ?? null, idempotencyKey } });
  if (idempotencyKey) {
    const existing = await keyHolder();
    if (existing && !(await releaseExpiredKey(deps, existing, idempotencyKeyHours))) return sameOrConflict(existing, payloadHash);
  }

  await assertTenantExists(deps, body.tenantId);
  await assertPayloadMatchesType(deps, body.type, body.payload);
  assertBacklogRoom(deps.handoff);
  let event: Event;
  try {
    const id = newId('event');
    const data = { id, type: body.type, payload: body.payload as Prisma.InputJsonValue, idempotencyKey, payloadHash, tenantId: tenantId ?? null, ...options.source };
    const fanout: EventFanoutStart = { kind: 'event_fanout', workflowId: eventFanoutWorkflowId(id), eventId: id, eventType: body.type, tenantId };
    const { orderingKey } = body;
    // With a key, the event takes the key's next number in the same transaction: accept order is delivery order.
    event = orderingKey
      ? await deps.db.$transaction(async (tx) => {
          // The fanout's row first: the key's counter stays locked (publishes of one key wait) for two statements only.
          await enqueueStart(tx, deps.handoff.taskQueue, fanout);
          return tx.event.create({ data: { ...data, orderingKey, orderingSeq: await takeOrderingSeq(tx, tenantId, orderingKey) } });
        }, ORDERED_TRANSACTION)
      : (await deps.db.$transaction([deps.db.event.create({ data }), enqueueStart(deps.db, deps.handoff.taskQueue, fanout)]))[0];
  } catch (err) {
    if (!idempotencyKey || !isUniqueViolation(err)) throw err;
    // A concurrent publish with the same key inserted first: answer as if we had come second.
    const winner = await keyHolder();
    // Gone again: the winner let go of an expired key between our insert and this read.
    if (!winner) throw conflict('Idempotency key reused', `Idempotency key ${idempotencyKey} is already in use.`);
    return sameOrConflict(winner, payloadHash);
  }
  deps.handoff.nudge();
  return { replayed: false, event };
}
