// A source's request log: one row per request to /in/:sourceId (time, outcome, why it was refused, the
// event, the body size); never a body or a header. Kept at most MAX_REQUESTS_PER_SOURCE rows per source,
// and within the retention settings (src/retention/purge.ts).
import type { Pagination } from '../../contracts/common';
import { newId } from '../../domain/node/ids';
import { metrics } from '../../metrics/metrics';
import type { DbDeps } from '../deps';
import { pageQuery, toPage } from '../pagination';
import { findLiveSource } from './sources';

export const MAX_REQUESTS_PER_SOURCE = 10_000;
/** Trimming costs a query: about one insert in this many does it. */
const TRIM_EVERY = 100;

export type RequestOutcome = 'accepted' | 'duplicate' | 'rejected';

export interface LoggedRequest {
  sourceId: string;
  outcome: RequestOutcome;
  reason?: string;
  eventId?: string;
  bodyBytes: number;
}

export async function recordSourceRequest(deps: DbDeps, r: LoggedRequest): Promise<void> {
  metrics.sourceRequests.inc({ outcome: r.outcome });
  await deps.db.sourceRequest.create({ data: { id: newId('sourceRequest'), ...r } });
  if (Math.random() * TRIM_EVERY < 1) await trimSourceRequests(deps, r.sourceId);
}

/** Deletes the source's rows beyond the newest `keep`. Returns how many. */
export async function trimSourceRequests(deps: DbDeps, sourceId: string, keep = MAX_REQUESTS_PER_SOURCE): Promise<number> {
  const [oldestKept] = await deps.db.sourceRequest.findMany({ where: { sourceId }, orderBy: { id: 'desc' }, skip: keep - 1, take: 1, select: { id: true } });
  if (!oldestKept) return 0;
  const { count } = await deps.db.sourceRequest.deleteMany({ where: { sourceId, id: { lt: oldestKept.id } } });
  return count;
}

export async function listSourceRequests(deps: DbDeps, sourceId: string, page: Pagination) {
  await findLiveSource(deps, sourceId);
  const rows = await deps.db.sourceRequest.findMany(pageQuery(page, { sourceId }));
  return toPage(rows, page.limit, (r) => ({
    id: r.id,
    createdAt: r.createdAt.toISOString(),
    outcome: r.outcome as RequestOutcome,
    reason: r.reason,
    eventId: r.eventId,
    bodyBytes: r.bodyBytes,
  }));
}
