// The production entry points run against services someone else operates; say so when they are unset.
import type { Config } from '../config';

export function requireExternal(config: Config, need = { temporal: true }) {
  const missing = [
    !config.DATABASE_URL && 'DATABASE_URL',
    need.temporal && !config.TEMPORAL_ADDRESS && 'TEMPORAL_ADDRESS',
  ].filter(Boolean);
  if (missing.length) {
    console.error(`Set ${missing.join(' and ')} (or use \`npm start\`, which runs embedded ones).`);
    process.exit(2);
  }
  return { databaseUrl: config.DATABASE_URL!, temporalAddress: config.TEMPORAL_ADDRESS ?? '' };
}
