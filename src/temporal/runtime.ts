// Routes the Temporal SDK's own logs into EdgeCron's JSON logger, once per process.
import { DefaultLogger, Runtime, type LogEntry, type LogLevel } from '@temporalio/worker';
import type { Logger } from '../logger';

const LEVELS: Record<string, LogLevel> = { trace: 'TRACE', debug: 'DEBUG', info: 'INFO', warn: 'WARN', error: 'ERROR', fatal: 'ERROR', silent: 'ERROR' };

// Every failed delivery already has an attempt record; the SDK's per-failure warning is noise.
const DOWNGRADED = new Set(['Activity failed', 'Activity task failed']);

let installed = false;

export function installTemporalRuntime(logger: Logger, level: string): void {
  if (installed) return;
  installed = true;
  const temporalLogger = logger.child({ component: 'temporal-sdk' });
  Runtime.install({
    // EdgeCron's entry points own shutdown order (API, worker, Temporal, PostgreSQL).
    shutdownSignals: [],
    logger: new DefaultLogger(LEVELS[level] ?? 'INFO', (entry: LogEntry) => {
      // Task tokens are opaque and long; they help nobody reading logs.
      const { taskToken: _taskToken, ...meta } = (entry.meta ?? {}) as Record<string, unknown>;
      const pinoLevel = DOWNGRADED.has(entry.message) ? 'debug' : (entry.level.toLowerCase() as 'info');
      temporalLogger[pinoLevel](meta, entry.message);
    }),
  });
}
