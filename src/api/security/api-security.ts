// The API's security settings, built once from configuration.
import type { Config } from '../../config';
import { parseAllowList, type AllowList } from '../../domain/address-policy';
import type { BodyLimits } from './body-limits';
import type { RateLimit } from './rate-limit';

export interface ApiSecurity {
  bootstrapApiKey: string | undefined;
  allowList: AllowList;
  bodyLimitBytes: number;
  bodyLimits: BodyLimits;
  rateLimit: RateLimit;
  maxUrlLength: number;
}

export function apiSecurityFromConfig(config: Config): ApiSecurity {
  return {
    bootstrapApiKey: config.EDGECRON_BOOTSTRAP_API_KEY,
    allowList: parseAllowList(config.DELIVERY_ALLOW_LIST ?? ''),
    bodyLimitBytes: config.API_BODY_LIMIT_BYTES,
    bodyLimits: { maxDepth: config.JSON_DEPTH_LIMIT, payloadBytes: config.PAYLOAD_LIMIT_BYTES },
    rateLimit: { perSecond: config.RATE_LIMIT_PER_SECOND, burst: config.RATE_LIMIT_BURST },
    maxUrlLength: 4096,
  };
}
