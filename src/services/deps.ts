// The few things services take from outside. Each use case declares only the ones it uses (a read of
// the ledger takes DbDeps; one whose answer links to the Temporal UI takes DbDeps & Links), so an
// activity can call it with what it has. The API composes them all once (src/api/api-deps.ts).
import type { Client } from '@temporalio/client';
import type { Db } from '../db/prisma';
import type { Handoff } from '../dispatch/handoff';
import type { SecretBox } from '../domain/node/secret-box';
import type { Logger } from '../logger';

/** The ledger. */
export interface DbDeps {
  db: Db;
}

/** Hands accepted work to the dispatcher (src/dispatch): triggers never wait on Temporal. */
export interface HandoffDeps {
  handoff: Handoff;
}

/** Seals and opens secrets kept at rest (signing secrets, header values, URL credentials). */
export interface SecretDeps {
  secretBox: SecretBox;
}

/** Temporal called directly while someone waits (schedules, cancel): bounded, and what fails is logged. */
export interface TemporalDeps {
  temporal: Client;
  logger: Logger;
}

/** Starts workflows on the worker's task queue (Temporal Schedule actions, sequencer wakes). */
export interface StarterDeps {
  temporal: Client;
  taskQueue: string;
}

/** What views link with: the Temporal Web UI, the namespace, and how long Temporal keeps closed histories. */
export interface Links {
  temporalUiUrl: string;
  namespace: string;
  /** TEMPORAL_WORKFLOW_RETENTION_DAYS: a view says when a run's history is gone. */
  workflowRetentionDays: number;
}
