// Fanout, one page at a time: reads subscribed endpoints after a cursor, keeps those whose patterns and
// filter match the event, and inserts their task runs in one batch. Idempotent: the unique
// (eventId, endpointId) makes a retried page insert nothing twice, and the runs are re-read so a retry
// returns the ids that were actually stored.
import { ApplicationFailure, Context } from '@temporalio/activity';
import type { Prisma } from '../../src/db/generated/client';
import { eventEnvelope } from '../../src/domain/event-envelope';
import type { EventFilter } from '../../src/domain/event-filter';
import type { EventRunsPage, EventRunsPageRequest } from '../../src/workflow-contracts/event-fanout-input';
import { subscriptionMatches } from '../../src/domain/event-matching';
import { patternsMatchingType } from '../../src/domain/event-types';
import { newId } from '../../src/domain/node/ids';
import { taskRunWorkflowId } from '../../src/domain/workflow-ids';
import { resolveRetryPolicies } from '../../src/services/resolve-retry-policy';
import { urlWithoutQuery } from '../../src/domain/redact-url';
import type { ActivityDeps } from '../deps';
import { metrics } from '../../src/metrics/metrics';
import { QUEUED_REASON } from '../../src/domain/node/ordering-key';
import { isOrdered } from '../../src/services/ordered-runs';
import { wakeKeySequencer } from '../../src/dispatch/wake-key-sequencer';
import type { StarterDeps } from '../../src/services/deps';
import { FLOW_COLUMNS } from '../flow/endpoint-flow-limits';
import { planRanges } from './plan-pages';

/** Sequencers woken at once: a page can match hundreds of ordered endpoints. */
const WAKE_WINDOW = 20;

/** Ordered runs are not started as children: their key's sequencer (signal-with-start) delivers them in turn. */
async function wakeSequencers(orderingKey: string, endpoints: Array<{ id: string; url: string }>) {
  const { client, info } = Context.current();
  // The activity's own client and task queue: the sequencer runs beside the fanout that wakes it.
  const starter: StarterDeps = { temporal: client, taskQueue: info.taskQueue };
  for (let i = 0; i < endpoints.length; i += WAKE_WINDOW) {
    const slice = endpoints.slice(i, i + WAKE_WINDOW);
    await Promise.all(slice.map((e) => wakeKeySequencer(starter, { endpointId: e.id, endpointUrl: e.url, orderingKey })));
  }
}

/** Records how many endpoints the event matched (0 included). Only the first recording counts in the metric, so a retry observes nothing twice. */
async function recordFanoutResult(db: ActivityDeps['db'], eventId: string): Promise<number> {
  const matchedEndpointCount = await db.taskRun.count({ where: { eventId } });
  const recorded = await db.event.updateMany({ where: { id: eventId, matchedEndpointCount: null }, data: { matchedEndpointCount } });
  if (recorded.count === 1) metrics.fanoutSize.observe(matchedEndpointCount);
  return matchedEndpointCount;
}

export function createEventRunsActivities({ db, endpointFlow }: ActivityDeps) {
  /** The root's page with nothing after it holds every run of the event: it records the result now (one call, not two). */
  const finish = async (req: EventRunsPageRequest, page: EventRunsPage): Promise<EventRunsPage> =>
    req.planRest && page.nextCursor === null ? { ...page, matchedEndpointCount: await recordFanoutResult(db, req.eventId) } : page;

  return {
    async createEventRunsActivity(req: EventRunsPageRequest): Promise<EventRunsPage> {
      const event = await db.event.findUnique({ where: { id: req.eventId } });
      if (!event) throw ApplicationFailure.nonRetryable(`event ${req.eventId} does not exist`, 'EventNotFound');

      // Disabled and deleted endpoints receive nothing; a paused one holds its runs until resumed.
      const candidates = await db.endpoint.findMany({
        where: {
          status: { in: ['active', 'paused'] },
          deletedAt: null,
          // An event reaches its own tenant's endpoints only (null: endpoints without a tenant); ("tenantId", id) index.
          tenantId: event.tenantId,
          eventTypes: { hasSome: patternsMatchingType(event.type) },
          ...(req.afterEndpointId || req.upToEndpointId
            ? { id: { ...(req.afterEndpointId ? { gt: req.afterEndpointId } : {}), ...(req.upToEndpointId ? { lte: req.upToEndpointId } : {}) } }
            : {}),
        },
        orderBy: { id: 'asc' },
        take: req.pageSize,
        // The flow columns too: the page's children then find their endpoint's limits in this worker's cache.
        select: { url: true, timeoutMs: true, retryPolicyId: true, eventTypes: true, eventFilter: true, ordering: true, ...FLOW_COLUMNS },
      });
      const last = candidates.at(-1)?.id;
      // A full page may have more after it, unless it reached the end of its range.
      const nextCursor = candidates.length === req.pageSize && last !== req.upToEndpointId ? last! : null;
      const rest = req.planRest && nextCursor
        ? await planRanges(db, { tenantId: event.tenantId, patterns: patternsMatchingType(event.type), afterEndpointId: nextCursor }, req.pageSize)
        : undefined;
      const matched = candidates.filter((e) =>
        subscriptionMatches({ eventTypes: e.eventTypes, eventFilter: e.eventFilter as EventFilter | null }, event),
      );
      if (matched.length === 0) return finish(req, { runs: [], nextCursor, ...(req.planRest ? { rest: rest ?? [] } : {}) });
      endpointFlow?.remember(matched);

      const body = eventEnvelope(event);
      const payloadBytes = Buffer.byteLength(JSON.stringify(body));
      const now = new Date();
      await db.taskRun.createMany({
        data: matched.map((e) => {
          const id = newId('taskRun');
          const ordered = isOrdered(e, event.orderingKey);
          return {
            // An ordered run takes its event's place in the key's order and waits for its sequencer.
            orderingKey: event.orderingKey,
            orderingSeq: ordered ? event.orderingSeq : null,
            statusReason: ordered ? QUEUED_REASON : null,
            id,
            endpointId: e.id,
            trigger: 'event' as const,
            eventId: event.id,
            payload: body as unknown as Prisma.InputJsonValue,
            webhookId: newId('message'),
            runAt: now,
            workflowId: taskRunWorkflowId(id),
            tenantId: event.tenantId,
          };
        }),
        skipDuplicates: true,
      });
      const endpointById = new Map(matched.map((e) => [e.id, e]));
      const stored = await db.taskRun.findMany({
        where: { eventId: event.id, endpointId: { in: matched.map((e) => e.id) } },
        select: { id: true, endpointId: true, workflowId: true, orderingSeq: true },
      });
      const orderedEndpoints = stored.filter((run) => run.orderingSeq !== null).map((run) => endpointById.get(run.endpointId)!);
      if (event.orderingKey && orderedEndpoints.length > 0) await wakeSequencers(event.orderingKey, orderedEndpoints);

      const retryFor = await resolveRetryPolicies(db, matched.map((e) => e.retryPolicyId));
      const runs = stored.filter((run) => run.orderingSeq === null).map((run) => {
        const endpoint = endpointById.get(run.endpointId)!;
        return {
          workflowId: run.workflowId,
          input: {
            taskRunId: run.id,
            endpointId: endpoint.id,
            delayMs: 0,
            retry: retryFor(endpoint.retryPolicyId),
            timeoutMs: endpoint.timeoutMs,
          },
          endpointUrl: urlWithoutQuery(endpoint.url),
          payloadBytes,
          ...(event.tenantId ? { tenantId: event.tenantId } : {}),
        };
      });
      return finish(req, { runs, nextCursor, ...(req.planRest ? { rest: rest ?? [] } : {}) });
    },

    /** Records the fanout's result once every page has been handled. */
    recordFanoutResultActivity: (eventId: string): Promise<number> => recordFanoutResult(db, eventId),
  };
}
