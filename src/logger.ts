// Structured JSON logs. Redaction keeps secrets and signatures out even if a caller logs a whole object.
import { pino } from 'pino';

export type Logger = pino.Logger;

const REDACT = [
  'secret', '*.secret', 'signature', '*.signature',
  'headers.authorization', '*.headers.authorization',
  'headers["webhook-signature"]', '*.headers["webhook-signature"]',
];

export function createLogger(level: string, name: string, file?: string): Logger {
  const options = { name, level, redact: { paths: REDACT, censor: '[redacted]' } };
  if (!file) return pino(options);
  return pino(options, pino.multistream([{ stream: process.stdout, level: level as pino.Level }, { stream: pino.destination({ dest: file, sync: true }), level: level as pino.Level }]));
}
