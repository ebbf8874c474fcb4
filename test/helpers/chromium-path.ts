// Which Chromium the browser tests drive: the one `npm run setup:test` unpacked from @sparticuz/chromium's
// npm tarball (.tools/chromium), then CHROMIUM_PATH, then a system Chromium. Nothing is downloaded.
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';

export const NPM_CHROMIUM = resolve('.tools/chromium/chromium');
const SYSTEM_CHROMIUMS = ['/usr/bin/chromium', '/usr/bin/chromium-browser', '/usr/bin/google-chrome'];

export function findChromium(env: Record<string, string | undefined> = process.env): string {
  const candidates = [NPM_CHROMIUM, env.CHROMIUM_PATH, ...SYSTEM_CHROMIUMS].filter((p): p is string => !!p);
  const found = candidates.find((p) => existsSync(p));
  if (!found) {
    throw new Error(`No Chromium found (looked at ${candidates.join(', ')}): run \`npm install\` (it unpacks @sparticuz/chromium into .tools/chromium) or set CHROMIUM_PATH`);
  }
  return found;
}
