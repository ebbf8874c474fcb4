// The secret box both processes need; without EDGECRON_SECRET_KEY neither may start, because
// endpoint signing secrets would otherwise have to be stored in clear.
import type { Config } from '../config';
import { createSecretBox, parseSecretKey, type SecretBox } from '../domain/node/secret-box';

export function secretBoxFromConfig(config: Config): SecretBox {
  if (!config.EDGECRON_SECRET_KEY) {
    throw new Error('EDGECRON_SECRET_KEY is not set: it encrypts endpoint signing secrets (32 bytes, base64). `npm start` makes one for you.');
  }
  return createSecretBox(parseSecretKey(config.EDGECRON_SECRET_KEY));
}
