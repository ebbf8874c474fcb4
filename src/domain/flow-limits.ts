// Flow control: which calls share limits and what the limits are. Pure module, shared by the
// delivery activity (which enforces them) and the API (which shows them).

/** An endpoint's flow settings, as stored. */
export interface FlowSettings {
  id: string;
  maxConcurrency: number | null;
  rateLimitPerSecond: number | null;
  flowControlKey: string | null;
  /** A flowControlKey is the tenant's own: tenant A's `x` and B's `x` are two limits. */
  tenantId: string | null;
}

export interface FlowLimits {
  /** Endpoints of one tenant sharing a flowControlKey share its limits; otherwise each endpoint is its own key. */
  key: string;
  /** Calls in flight across every worker; null = none beyond the worker's fair share. */
  maxConcurrency: number | null;
  /** Calls started per second across every worker (burst: one second's worth); null = none. */
  ratePerSecond: number | null;
}

export function flowLimitsOf(e: FlowSettings): FlowLimits {
  return {
    // Tenant ids hold no ':', so `key:<tenant>:<key>` never collides across tenants ('' = the installation's).
    key: e.flowControlKey ? `key:${e.tenantId ?? ''}:${e.flowControlKey}` : `endpoint:${e.id}`,
    maxConcurrency: e.maxConcurrency,
    ratePerSecond: e.rateLimitPerSecond,
  };
}

export const hasGlobalLimits = (l: FlowLimits): boolean => l.maxConcurrency !== null || l.ratePerSecond !== null;

/** One worker's share of its delivery slots for any one flow key: at least 1. */
export function fairShareSlots(workerSlots: number, share: number): number {
  return Math.max(1, Math.floor(workerSlots * share));
}

/** The statusReason a waiting run shows. */
export function waitingReason(l: FlowLimits, why: 'concurrency' | 'rate' | 'fair_share'): string {
  if (why === 'concurrency') return `waiting for a delivery slot: maxConcurrency ${l.maxConcurrency} reached`;
  if (why === 'rate') return `waiting for a delivery slot: rateLimitPerSecond ${l.ratePerSecond} reached`;
  return "waiting for a delivery slot: the endpoint's fair share of the worker is in use";
}
