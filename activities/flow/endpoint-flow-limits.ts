// The flow limits of an endpoint, and whether its circuit is open, read before each call. Cached for
// a moment per worker: a busy endpoint's deliveries do not each pay a query, and a PATCH takes
// effect within CACHE_MS. A circuit this worker sees open or close is noted at once. A fanout page
// that read its endpoints' rows already hands them over (remember), so its children's first calls
// ask nothing more.
import type { Db } from '../../src/db/prisma';
import { flowLimitsOf, type FlowLimits, type FlowSettings } from '../../src/domain/flow-limits';

const CACHE_MS = 2_000;

export interface EndpointFlow {
  limits: FlowLimits;
  circuitOpen: boolean;
}

/** The endpoint columns the flow limits are made of: a query that selects these can remember them. */
export const FLOW_COLUMNS = { id: true, maxConcurrency: true, rateLimitPerSecond: true, flowControlKey: true, tenantId: true, circuitOpenedAt: true } as const;
export type EndpointFlowRow = FlowSettings & { circuitOpenedAt: Date | null };

export type FlowLimitsReader = ReturnType<typeof createFlowLimitsReader>;

export function createFlowLimitsReader(db: Db) {
  const cache = new Map<string, { flow: EndpointFlow; until: number }>();
  const reading = new Map<string, Promise<EndpointFlow>>();
  function keep(endpointId: string, row: EndpointFlowRow | null): EndpointFlow {
    // A missing endpoint is the claim's to explain; no limits here.
    const flow = {
      limits: flowLimitsOf(row ?? { id: endpointId, maxConcurrency: null, rateLimitPerSecond: null, flowControlKey: null, tenantId: null }),
      circuitOpen: !!row?.circuitOpenedAt,
    };
    if (cache.size > 10_000) cache.clear();
    cache.set(endpointId, { flow, until: Date.now() + CACHE_MS });
    return flow;
  }
  async function load(endpointId: string): Promise<EndpointFlow> {
    return keep(endpointId, await db.endpoint.findUnique({ where: { id: endpointId }, select: FLOW_COLUMNS }));
  }
  return {
    read(endpointId: string): Promise<EndpointFlow> {
      const hit = cache.get(endpointId);
      if (hit && hit.until > Date.now()) return Promise.resolve(hit.flow);
      // A backlog's runs all miss at once when the entry expires: one query answers them all.
      let asking = reading.get(endpointId);
      if (!asking) {
        asking = load(endpointId).finally(() => reading.delete(endpointId));
        reading.set(endpointId, asking);
      }
      return asking;
    },
    /** Rows another query just read (a fanout page): kept as if this reader had asked. */
    remember(rows: EndpointFlowRow[]): void {
      for (const row of rows) keep(row.id, row);
    },
    noteCircuit(endpointId: string, open: boolean): void {
      const hit = cache.get(endpointId);
      if (hit) hit.flow = { ...hit.flow, circuitOpen: open };
    },
  };
}
