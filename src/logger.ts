// Structured JSON logs. Redaction keeps secrets and signatures out even if a caller logs a whole object.
import { pino } from 'pino';

export type Logger = pino.Logger;

const REDACT = [
  'secret', '*.secret', 'signature', '*.signature',
  'headers.authorization', '*.headers.authorization',
  'headers["webhook-signature"]', '*.headers["webhook-signature"]',
];

export interface LogTargets {
  stdout: boolean;
  file?: string;
}

export function createLogger(level: string, name: string, targets: LogTargets = { stdout: true }): Logger {
  const options = { name, level, redact: { paths: REDACT, censor: '[redacted]' } };
  const streams: pino.StreamEntry[] = [];
  if (targets.stdout) streams.push({ stream: process.stdout, level: level as pino.Level });
  if (targets.file) streams.push({ stream: pino.destination({ dest: targets.file, sync: true }), level: level as pino.Level });
  return pino(options, pino.multistream(streams));
}
