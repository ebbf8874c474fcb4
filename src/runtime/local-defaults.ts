// `npm start` on a laptop: fills in the security settings a production deployment must set itself.
// The bootstrap API key and the secret key are generated once and kept under EDGECRON_DATA_DIR
// (mode 0600), so the next start reuses them; deliveries may reach loopback (the demo receiver).
import { existsSync } from 'node:fs';
import { chmod, mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Config } from '../config';
import { generateApiKey } from '../domain/node/api-key';
import { generateSecretKey } from '../domain/node/secret-box';

export const LOCAL_ALLOW_LIST = '127.0.0.0/8,::1';
export const API_KEY_FILE = 'api-key';
const SECRET_KEY_FILE = 'secret-key';

async function persisted(dir: string, name: string, make: () => string): Promise<{ value: string; created: boolean }> {
  const file = join(dir, name);
  if (existsSync(file)) return { value: (await readFile(file, 'utf8')).trim(), created: false };
  const value = make();
  await mkdir(dir, { recursive: true });
  await writeFile(file, value + '\n', { mode: 0o600 });
  await chmod(file, 0o600);
  return { value, created: true };
}

export async function withLocalDefaults(config: Config, log: (line: string) => void): Promise<Config> {
  const dir = config.EDGECRON_DATA_DIR;
  const out = { ...config };
  if (!out.EDGECRON_BOOTSTRAP_API_KEY) {
    const key = await persisted(dir, API_KEY_FILE, generateApiKey);
    out.EDGECRON_BOOTSTRAP_API_KEY = key.value;
    log(key.created
      ? `API key    ${key.value}  (generated once, kept in ${join(dir, API_KEY_FILE)}; send it as Authorization: Bearer <key>)`
      : `API key    in ${join(dir, API_KEY_FILE)} (send it as Authorization: Bearer <key>)`);
  }
  if (!out.EDGECRON_SECRET_KEY) {
    out.EDGECRON_SECRET_KEY = (await persisted(dir, SECRET_KEY_FILE, generateSecretKey)).value;
    log(`secrets    encrypted with the key in ${join(dir, SECRET_KEY_FILE)}`);
  }
  if (out.DELIVERY_ALLOW_LIST === undefined) {
    out.DELIVERY_ALLOW_LIST = LOCAL_ALLOW_LIST;
    log(`deliveries may reach loopback (DELIVERY_ALLOW_LIST=${LOCAL_ALLOW_LIST}); other internal addresses are refused`);
  }
  return out;
}
