// What the retention purge reports and where it goes on from. Pure module: the purge workflow uses it.

/** In order: payloads first (the cheapest privacy win), events last (their runs go first). */
export const PURGE_RULES = ['payloads', 'dead_letters', 'runs', 'event_payloads', 'idempotency_keys', 'events'] as const;
export type PurgeRule = (typeof PURGE_RULES)[number];

export interface PurgeCursor {
  /** Index into PURGE_RULES of the rule in progress. */
  rule: number;
  /** The payload rule walks endpoints (each has its own period): the last endpoint id finished. */
  afterEndpointId: string;
}

export const PURGE_START: PurgeCursor = { rule: 0, afterEndpointId: '' };

export const emptyRemoved = () => ({
  payloads: 0,
  responseBodies: 0,
  deadLetters: 0,
  runs: 0,
  attempts: 0,
  eventPayloads: 0,
  idempotencyKeys: 0,
  events: 0,
});
export type PurgeRemoved = ReturnType<typeof emptyRemoved>;

export function addRemoved(total: PurgeRemoved, more: Partial<PurgeRemoved>): PurgeRemoved {
  for (const [k, v] of Object.entries(more)) total[k as keyof PurgeRemoved] += v ?? 0;
  return total;
}

export interface PurgeProgress {
  done: boolean;
  cursor: PurgeCursor;
  removed: PurgeRemoved;
}
