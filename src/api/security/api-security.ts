// The API's security settings, built once from configuration.
import type { Config } from '../../config';
import { parseAllowList, type AllowList } from '../../domain/node/address-policy';
import { authFailureLimit, type AuthFailureLimit } from './auth-failure-limit';
import type { BodyLimits } from './body-limits';
import type { RateLimit } from './rate-limit';

export interface ApiSecurity {
  bootstrapApiKey: string | undefined;
  allowList: AllowList;
  bodyLimitBytes: number;
  bodyLimits: BodyLimits;
  rateLimit: RateLimit;
  /** Failed authentications per client address (AUTH_FAILURE_LIMIT_PER_MINUTE). */
  authFailures: AuthFailureLimit;
  /** Failed verifications per inbound source and client address: apart from authFailures, so one misconfigured provider locks out neither the API nor other sources. */
  sourceAuthFailures: AuthFailureLimit;
  /** Express `trust proxy` (API_TRUST_PROXY); undefined: the socket's peer is the client. */
  trustProxy: boolean | number | string | undefined;
  maxUrlLength: number;
  /** The consumer portal: the base of session URLs, and who may embed it (CSP frame-ancestors). */
  portal: PortalSettings;
}

export interface PortalSettings {
  publicUrl: string | undefined;
  frameAncestors: string;
}

export function apiSecurityFromConfig(config: Config): ApiSecurity {
  return {
    bootstrapApiKey: config.EDGECRON_BOOTSTRAP_API_KEY,
    allowList: parseAllowList(config.DELIVERY_ALLOW_LIST ?? ''),
    bodyLimitBytes: config.API_BODY_LIMIT_BYTES,
    bodyLimits: { maxDepth: config.JSON_DEPTH_LIMIT, payloadBytes: config.PAYLOAD_LIMIT_BYTES },
    rateLimit: { perSecond: config.RATE_LIMIT_PER_SECOND, burst: config.RATE_LIMIT_BURST },
    authFailures: authFailureLimit(config.AUTH_FAILURE_LIMIT_PER_MINUTE),
    sourceAuthFailures: authFailureLimit(config.SOURCE_VERIFICATION_FAILURE_LIMIT_PER_MINUTE),
    trustProxy: parseTrustProxy(config.API_TRUST_PROXY),
    maxUrlLength: 4096,
    portal: { publicUrl: config.EDGECRON_PUBLIC_URL, frameAncestors: config.PORTAL_FRAME_ANCESTORS },
  };
}

/** `true`/`false`, a hop count, or addresses and names as Express reads them (`loopback, 10.0.0.0/8`). */
function parseTrustProxy(value: string | undefined): boolean | number | string | undefined {
  if (value === undefined) return undefined;
  if (value === 'true' || value === 'false') return value === 'true';
  return /^\d+$/.test(value) ? Number(value) : value;
}
