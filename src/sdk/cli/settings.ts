// Where the CLI finds the API and its key: flags, then EDGECRON_URL / EDGECRON_API_KEY, then the key
// `npm start` keeps in .edgecron/api-key of the working directory.
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Flags } from './args';

export const DEFAULT_URL = 'http://127.0.0.1:3000';
export const KEY_FILE = join('.edgecron', 'api-key');

export interface Settings {
  baseUrl: string;
  apiKey?: string;
}

export function resolveSettings(flags: Flags, env: Record<string, string | undefined>, cwd: string): Settings {
  const baseUrl = flags.optional('url') ?? env.EDGECRON_URL ?? DEFAULT_URL;
  const file = join(cwd, KEY_FILE);
  const apiKey = flags.optional('api-key') ?? env.EDGECRON_API_KEY ?? (existsSync(file) ? readFileSync(file, 'utf8').trim() : undefined);
  return { baseUrl, apiKey };
}
