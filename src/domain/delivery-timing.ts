// How long the delivery activity may wait on our own infrastructure, and how Temporal watches it.
// Pure module: the workflow builds the activity's timeouts from it, the activity its wait loops.

/** A worker that stops heartbeating (kill -9, lost host) loses its deliveries after this long. */
export const DELIVERY_HEARTBEAT_TIMEOUT_MS = 5_000;

/**
 * The worker sends a heartbeat at most this often (the SDK's default, 0.8 × the timeout, leaves a
 * busy worker or server 1 s of slack: too little, a late heartbeat means the call is made twice).
 */
export const DELIVERY_HEARTBEAT_THROTTLE_MS = 1_500;

/** Heartbeats start once an activity has run this long: fast calls never pay for one. */
export const DELIVERY_HEARTBEAT_AFTER_MS = 1_000;

/** Waiting for the database before a call: nothing is lost by giving up, Temporal retries the activity. */
export const CLAIM_DATABASE_WAIT_MS = 20_000;

/**
 * Waiting for the database after a call, holding its result in memory: giving up means the next
 * activity attempt calls the receiver again, so this outlasts a restart or failover.
 */
export const RESULT_DATABASE_WAIT_MS = 180_000;

/**
 * Waiting in place for a delivery slot (flow limits, the worker's fair share), before the call's
 * timeout starts; past it the run gives its worker slot back and comes back later.
 */
export const FLOW_WAIT_IN_PLACE_MS = 15_000;

/**
 * Temporal's RetryPolicy for the delivery activity only spaces retries of our own outages (the
 * database stayed away past a wait above, a worker died): attempts at the receiver are counted and
 * spaced by the activity itself (nextRetryDelay), so Temporal never gives up (no maximumAttempts).
 * The 5 s ceiling bounds a crash's recovery at the heartbeat timeout plus 5 s (1 s on a first call).
 */
export const INFRASTRUCTURE_RETRY = {
  initialIntervalMs: 1_000,
  backoffCoefficient: 2,
  maximumIntervalMs: 5_000,
} as const;

/** Start-to-close of one delivery activity attempt: the wait for a slot, both database waits, the HTTP call, and room. */
export function deliveryStartToCloseMs(endpointTimeoutMs: number): number {
  return FLOW_WAIT_IN_PLACE_MS + CLAIM_DATABASE_WAIT_MS + endpointTimeoutMs + RESULT_DATABASE_WAIT_MS + 30_000;
}
