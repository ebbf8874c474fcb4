// Runs the Temporal worker until stopped; `stop()` lets in-flight activities finish (bounded by
// Temporal's shutdown grace time) before closing connections.
import { NativeConnection } from '@temporalio/worker';
import { createFlowGate } from '../../activities/flow/flow-gate';
import { createParking } from '../../activities/flow/parking';
import { createGuardedAgent } from '../../activities/delivery/http/guarded-agent';
import { createSenders } from '../../activities/delivery/senders';
import { retentionFromConfig, type Config } from '../config';
import { createDb, dbLimits } from '../db/prisma';
import { parseAllowList } from '../domain/node/address-policy';
import { createLogger } from '../logger';
import { temporalConnectionOptions } from '../temporal/connection-options';
import { ensureSearchAttributes } from '../temporal/ensure-search-attributes';
import { installTemporalRuntime } from '../temporal/runtime';
import { installTracing } from '../telemetry/tracing';
import { tracingClientInterceptors } from '../telemetry/temporal-tracing';
import { createWorker, workerTuning } from '../worker/create-worker';
import { dispatcherFromConfig, handoffFor } from './dispatcher-from-config';
import { secretBoxFromConfig } from './secret-box-from-config';
import { createClientOnWorkerConnection } from '../temporal/client';
import { ensureRetentionSchedule } from '../temporal/retention-schedule';
import { transformerFromConfig } from '../transform/from-config';

export interface RunningWorker {
  stop(): Promise<void>;
  /** Settles when the worker stops, rejects if it crashed. */
  done: Promise<void>;
}

export async function startWorkerProcess(config: Config, databaseUrl: string, temporalAddress: string): Promise<RunningWorker> {
  const logger = createLogger(config.LOG_LEVEL, 'edgecron-worker', { stdout: config.LOG_STDOUT, file: config.LOG_FILE });
  installTemporalRuntime(logger, config.LOG_LEVEL);
  const tracing = installTracing(config, logger);
  const connectionOptions = temporalConnectionOptions(config, temporalAddress);
  const added = await ensureSearchAttributes(connectionOptions, config.TEMPORAL_NAMESPACE);
  if (added.length) logger.info({ added }, 'registered search attributes');
  const db = createDb(databaseUrl, {
    ...dbLimits(config),
    poolSize: config.DATABASE_POOL_SIZE,
    onConnectionError: (err) => logger.warn({ err: err.message }, 'database connection lost'),
  });
  const allowList = parseAllowList(config.DELIVERY_ALLOW_LIST ?? '');
  const dispatcher = createGuardedAgent({ allowList });
  // Queue destinations' clients live as long as their endpoint's version; a sweep closes those of endpoints deleted or changed.
  const senders = createSenders(dispatcher, allowList);
  const sweepClients = setInterval(() => void senders.sweep(db).catch((err: Error) => logger.warn({ err: err.message }, 'queue client sweep failed')), 60_000);
  sweepClients.unref();
  // The worker dispatches the outbox on its own connection: its starts are eager (the first workflow
  // task comes back with the start, to this worker). API dispatchers leave it the fresh rows and still
  // take whatever waits (an API replica's rows while no worker runs, Temporal coming back).
  const connection = await NativeConnection.connect(connectionOptions);
  const temporal = createClientOnWorkerConnection(connection, config.TEMPORAL_NAMESPACE, tracingClientInterceptors(tracing));
  const outbox = dispatcherFromConfig(config, db, temporal, logger, { databaseUrl });
  const handoff = handoffFor(config, outbox);
  const parking = createParking(db, handoff);
  const sandboxes = transformerFromConfig(config);
  const worker = await createWorker({
    connection,
    namespace: config.TEMPORAL_NAMESPACE,
    taskQueue: config.TEMPORAL_TASK_QUEUE,
    tuning: workerTuning(config),
    tracing,
    deps: {
      db,
      responseBodyCap: config.DELIVERY_RESPONSE_BODY_CAP,
      logger,
      secretBox: secretBoxFromConfig(config),
      dispatcher,
      senders,
      handoff,
      transformer: sandboxes.transformer,
      autoDisableAfterMs: config.ENDPOINT_AUTO_DISABLE_AFTER_MS,
      flowGate: createFlowGate({ db, workerSlots: config.WORKER_MAX_CONCURRENT_ACTIVITIES, fairShare: config.DELIVERY_ENDPOINT_FAIR_SHARE, parking }),
      parking,
      retention: retentionFromConfig(config),
      purgeBatchSize: config.RETENTION_PURGE_BATCH_SIZE,
    },
  });
  const purge = await ensureRetentionSchedule(temporal, { taskQueue: config.TEMPORAL_TASK_QUEUE, intervalMinutes: config.RETENTION_PURGE_INTERVAL_MINUTES });
  logger.info({ purge }, 'retention purge schedule ready');
  const done = worker.run().finally(async () => {
    await outbox.stop();
    await connection.close();
    clearInterval(sweepClients);
    await senders.close();
    await dispatcher.close();
    await sandboxes.pool.close();
    await db.$disconnect();
    await tracing?.flush();
  });
  logger.info({ taskQueue: config.TEMPORAL_TASK_QUEUE, tracing: tracing ? 'otlp' : 'off' }, 'worker running');
  return {
    done,
    async stop() {
      // No new starts while the worker drains: what is still queued goes to another process's dispatcher.
      await outbox.stop();
      if (worker.getState() === 'RUNNING') worker.shutdown();
      await done;
    },
  };
}
