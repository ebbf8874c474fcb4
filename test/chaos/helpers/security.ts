// The chaos stacks' keys and delivery rules: a throwaway secret key and bootstrap API key per run,
// loopback receivers allowed, no rate limit on the load the cases put on the API.
import { randomBytes } from 'node:crypto';
import { generateSecretKey } from '../../../src/domain/node/secret-box';

export const CHAOS_SECURITY = {
  EDGECRON_SECRET_KEY: generateSecretKey(),
  EDGECRON_BOOTSTRAP_API_KEY: `ek_chaos_${randomBytes(24).toString('hex')}`,
  DELIVERY_ALLOW_LIST: '127.0.0.0/8,::1',
  RATE_LIMIT_PER_SECOND: '0',
};
