// The flow limits of an endpoint, read before each call. Cached for a moment per worker: a busy
// endpoint's deliveries do not each pay a query, and a PATCH takes effect within CACHE_MS.
import type { Db } from '../../src/db/prisma';
import { flowLimitsOf, type FlowLimits } from '../../src/domain/flow-limits';

const CACHE_MS = 2_000;

export function createFlowLimitsReader(db: Db) {
  const cache = new Map<string, { limits: FlowLimits; until: number }>();
  return async function flowLimitsFor(endpointId: string): Promise<FlowLimits> {
    const hit = cache.get(endpointId);
    if (hit && hit.until > Date.now()) return hit.limits;
    const row = await db.endpoint.findUnique({
      where: { id: endpointId },
      select: { id: true, maxConcurrency: true, rateLimitPerSecond: true, flowControlKey: true },
    });
    // A missing endpoint is the claim's to explain; no limits here.
    const limits = flowLimitsOf(row ?? { id: endpointId, maxConcurrency: null, rateLimitPerSecond: null, flowControlKey: null });
    if (cache.size > 10_000) cache.clear();
    cache.set(endpointId, { limits, until: Date.now() + CACHE_MS });
    return limits;
  };
}
