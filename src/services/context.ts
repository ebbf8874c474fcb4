// What services need: the ledger, Temporal, and the few settings that shape their answers.
import type { Client } from '@temporalio/client';
import type { Db } from '../db/prisma';
import type { Handoff } from '../dispatch/handoff';
import type { RetentionSettings } from '../domain/retention';
import type { SecretBox } from '../domain/node/secret-box';
import type { Logger } from '../logger';

export interface ServiceContext {
  db: Db;
  temporal: Client;
  logger: Logger;
  namespace: string;
  taskQueue: string;
  temporalUiUrl: string;
  /** Bulk dead-letter replay rate (DEAD_LETTER_REPLAY_RATE_PER_SECOND); optional so older callers still build. */
  replayRatePerSecond?: number;
  /** Seals and opens secrets kept at rest (endpoint signing secrets). */
  secretBox: SecretBox;
  /** Hands accepted work to the dispatcher (src/dispatch): triggers never wait on Temporal. */
  handoff: Handoff;
  /** Retention settings (idempotency key lifetime); default DEFAULT_RETENTION. */
  retention?: RetentionSettings;
  /** Days Temporal keeps closed workflows' histories (TEMPORAL_WORKFLOW_RETENTION_DAYS): links say when one is gone. */
  workflowRetentionDays?: number;
}
