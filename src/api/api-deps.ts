// Everything the API's routes hand to the services, built once by src/runtime/api-server.ts.
import type { DbDeps, HandoffDeps, Links, SecretDeps, StarterDeps, TemporalDeps } from '../services/deps';
import type { TransformerDeps } from '../services/endpoint-transformation';

export interface ApiDeps extends DbDeps, HandoffDeps, SecretDeps, TemporalDeps, StarterDeps, Links, TransformerDeps {
  /** DEAD_LETTER_REPLAY_RATE_PER_SECOND (or its computed default): a bulk replay's rate. */
  replayRatePerSecond: number;
  /** IDEMPOTENCY_KEY_TTL_HOURS: how long a publish's idempotency key holds. */
  idempotencyKeyHours: number;
}
