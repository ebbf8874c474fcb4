// What activities need from the outside world, injected by the worker (createActivities(deps)).
import type { Dispatcher } from 'undici';
import type { Db } from '../src/db/prisma';
import type { Handoff } from '../src/dispatch/handoff';
import type { RetentionSettings } from '../src/domain/retention';
import type { SecretBox } from '../src/domain/node/secret-box';
import type { Logger } from '../src/logger';
import type { Transformer } from '../src/transform/transformer';
import type { FlowLimitsReader } from './flow/endpoint-flow-limits';
import type { FlowGate } from './flow/flow-gate';
import type { Parking } from './flow/parking';
import type { Senders } from './delivery/senders';

export interface ActivityDeps {
  db: Db;
  /** Bytes of a receiver's response body kept on the attempt record. */
  responseBodyCap: number;
  logger: Logger;
  /** Opens the endpoints' sealed signing secrets. */
  secretBox: SecretBox;
  /** The HTTP agent deliveries go through: it refuses internal addresses unless allow-listed. */
  dispatcher: Dispatcher;
  /** Sends to an endpoint's URL (through `dispatcher`) or its queue destination; built from `dispatcher` with a strict address policy if absent. */
  senders?: Senders;
  /** Hands runs, events and replays that activities accept (bulk replay, system events) to the outbox's dispatcher. */
  handoff: Handoff;
  /** Runs endpoints' transformations in the sandbox pool (src/transform). */
  transformer: Transformer;
  /** Per-endpoint flow control before each call: the worker's fair share and global limits. */
  flowGate: FlowGate;
  /** The worker's cache of endpoints' flow limits, shared by the fanout (which fills it) and deliveries; built from db if absent. */
  endpointFlow?: FlowLimitsReader;
  /** Parks runs that must wait and wakes them (the same one the flow gate was given); built from db and handoff if absent. */
  parking?: Parking;
  /** Disable an endpoint whose calls have all failed for this long; 0 or unset = never. */
  autoDisableAfterMs?: number;
  /** The clock auto-disable measures with (tests pass the time-skipping server's). */
  now?: () => Promise<number>;
  /** What the purge keeps and for how long; default DEFAULT_RETENTION (src/domain/retention.ts). */
  retention?: RetentionSettings;
  /** Rows per purge statement (RETENTION_PURGE_BATCH_SIZE). */
  purgeBatchSize?: number;
}
