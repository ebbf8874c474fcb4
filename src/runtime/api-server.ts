// Runs the API: Prisma, a Temporal client, the Express app on HOST:PORT. Returns how to stop it.
import type { Server } from 'node:http';
import { createApp } from '../api/app';
import { apiSecurityFromConfig } from '../api/security/api-security';
import { replayRatePerSecond, type Config } from '../config';
import { createDb, dbLimits } from '../db/prisma';
import { createLogger } from '../logger';
import { sealLegacyEndpointSecrets } from '../services/endpoint-secrets';
import { sealLegacyEndpointCredentials } from '../services/endpoint-credentials';
import { createTemporalClient } from '../temporal/client';
import { tracingClientInterceptors } from '../telemetry/temporal-tracing';
import { installTracing } from '../telemetry/tracing';
import { dispatcherFromConfig, handoffFor } from './dispatcher-from-config';
import { secretBoxFromConfig } from './secret-box-from-config';
import { temporalConnectionOptions } from '../temporal/connection-options';
import { transformerFromConfig } from '../transform/from-config';

export interface RunningApi {
  url: string;
  close(): Promise<void>;
}

export async function startApiServer(config: Config, databaseUrl: string, temporalAddress: string): Promise<RunningApi> {
  const logger = createLogger(config.LOG_LEVEL, 'edgecron-api', { stdout: config.LOG_STDOUT, file: config.LOG_FILE });
  const secretBox = secretBoxFromConfig(config);
  const security = apiSecurityFromConfig(config);
  if (!security.bootstrapApiKey) logger.warn('EDGECRON_BOOTSTRAP_API_KEY is not set: only API keys already in the database work');
  const db = createDb(databaseUrl, {
    ...dbLimits(config),
    poolSize: Math.max(1, Math.ceil(config.DATABASE_POOL_SIZE / 2)),
    onConnectionError: (err) => logger.warn({ err: err.message }, 'database connection lost'),
  });
  const sealed = await sealLegacyEndpointSecrets(db, secretBox);
  if (sealed) logger.info({ sealed }, 'encrypted signing secrets stored in clear by an earlier version');
  const sealedCredentials = await sealLegacyEndpointCredentials(db, secretBox);
  if (sealedCredentials) logger.info({ endpoints: sealedCredentials }, 'encrypted endpoint headers and URL credentials stored in clear by an earlier version');
  const tracing = installTracing(config, logger);
  const temporal = createTemporalClient(
    temporalConnectionOptions(config, temporalAddress),
    config.TEMPORAL_NAMESPACE,
    tracingClientInterceptors(tracing),
  );
  const dispatcher = dispatcherFromConfig(config, db, temporal, logger);
  const sandboxes = transformerFromConfig(config);
  const app = createApp({
    db,
    temporal,
    logger,
    namespace: config.TEMPORAL_NAMESPACE,
    taskQueue: config.TEMPORAL_TASK_QUEUE,
    temporalUiUrl: config.TEMPORAL_UI_URL,
    replayRatePerSecond: replayRatePerSecond(config),
    secretBox,
    handoff: handoffFor(config, dispatcher),
    idempotencyKeyHours: config.IDEMPOTENCY_KEY_TTL_HOURS,
    workflowRetentionDays: config.TEMPORAL_WORKFLOW_RETENTION_DAYS,
    transformer: sandboxes.transformer,
  }, security, { tracing: tracing !== undefined });
  const server: Server = await new Promise((resolve, reject) => {
    const s = app.listen(config.PORT, config.HOST, (err?: Error) => (err ? reject(err) : resolve(s)));
  });
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : config.PORT;
  const url = `http://${config.HOST}:${port}`;
  logger.info({ url, tracing: tracing ? 'otlp' : 'off' }, 'API listening');
  return {
    url,
    async close() {
      // Drain: stop accepting, let requests in flight finish (bounded), then cut what is left.
      const drained = new Promise<void>((resolve) => server.close(() => resolve()));
      server.closeIdleConnections();
      const grace = setTimeout(() => server.closeAllConnections(), config.API_SHUTDOWN_GRACE_MS);
      await drained;
      clearTimeout(grace);
      await dispatcher.stop();
      await sandboxes.pool.close();
      await temporal.connection.close();
      await db.$disconnect();
      await tracing?.flush();
    },
  };
}
