// The outbox dispatcher a process runs, from the settings, and the handoff its services use.
import type { Client } from '@temporalio/client';
import type { Config } from '../config';
import type { Db } from '../db/prisma';
import { startDispatcher, type Dispatcher } from '../dispatch/dispatcher';
import type { Handoff } from '../dispatch/handoff';
import type { Logger } from '../logger';

/**
 * An API's dispatcher, on its own client; or a worker's (`worker` set): `temporal` is then a client
 * on the worker's NativeConnection, so its starts are eager, and it listens on `databaseUrl` for commits.
 */
export function dispatcherFromConfig(
  config: Config,
  db: Db,
  temporal: Client,
  logger: Logger,
  worker?: { databaseUrl: string },
): Dispatcher {
  return startDispatcher({
    db,
    temporal,
    logger,
    taskQueue: config.TEMPORAL_TASK_QUEUE,
    batchSize: config.DISPATCH_BATCH_SIZE,
    sweepIntervalMs: config.DISPATCH_SWEEP_INTERVAL_MS,
    startTimeoutMs: config.DISPATCH_START_TIMEOUT_MS,
    eager: worker !== undefined,
    listen: worker,
    handoffGraceMs: config.DISPATCH_HANDOFF_GRACE_MS,
  });
}

export function handoffFor(config: Config, dispatcher: Dispatcher): Handoff {
  // The fault point lets a test prove that a trigger committed by a process that then dies is still delivered.
  const nudge = config.EDGECRON_TEST_FAULT === 'crash_after_commit' ? () => process.kill(process.pid, 'SIGKILL') : dispatcher.nudge;
  return { taskQueue: dispatcher.taskQueue, nudge, backlog: dispatcher.backlog, backlogLimit: config.DISPATCH_BACKLOG_LIMIT };
}
