// Structured JSON logs. Redaction keeps secrets and signatures out even if a caller logs a whole object.
import { pino } from 'pino';

export type Logger = pino.Logger;

export function createLogger(level: string, name: string): Logger {
  return pino({
    name,
    level,
    redact: {
      paths: ['secret', '*.secret', 'headers.authorization', '*.headers.authorization', '*["webhook-signature"]'],
      censor: '[redacted]',
    },
  });
}
