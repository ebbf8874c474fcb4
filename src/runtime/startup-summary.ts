// What `npm start` prints once everything is up: where each part answers, where the key and the logs
// are, and a first command to try.
import { join } from 'node:path';
import type { Config } from '../config';
import { API_KEY_FILE } from './local-defaults';

export interface SummaryInput {
  apiUrl: string;
  temporalAddress: string;
  temporalUiUrl?: string;
  logDir: string;
  seconds: number;
  /** The key came from EDGECRON_BOOTSTRAP_API_KEY rather than the file npm start keeps. */
  keyFromEnvironment: boolean;
}

export function startupSummary(config: Pick<Config, 'EDGECRON_DATA_DIR'>, s: SummaryInput): string[] {
  const keyFile = join(config.EDGECRON_DATA_DIR, API_KEY_FILE);
  return [
    `EdgeCron is up (${s.seconds.toFixed(1)} s)`,
    `  API        ${s.apiUrl}  (GET /healthz, OpenAPI at /openapi.json)`,
    `  Console    ${s.apiUrl}/console`,
    `  API docs   ${s.apiUrl}/docs`,
    s.temporalUiUrl ? `  Web UI     ${s.temporalUiUrl}  (Temporal, ${s.temporalAddress})` : `  Temporal   ${s.temporalAddress}`,
    s.keyFromEnvironment ? '  API key    from EDGECRON_BOOTSTRAP_API_KEY' : `  API key    ${keyFile}  (the CLI reads it from there)`,
    `  Logs       ${s.logDir}/  (edgecron.log, postgres.log, temporal.log)`,
    `  Try        npx edgecron endpoints list --url ${s.apiUrl}`,
    'Ctrl-C stops everything.',
  ];
}
