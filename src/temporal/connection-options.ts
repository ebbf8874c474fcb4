// How both the client (API) and the worker reach Temporal: plain on a local dev server, TLS (mTLS or an
// API key) on a cluster or Temporal Cloud. One function, so the two connections cannot drift apart.
import type { TLSConfig } from '@temporalio/client';
import { readFileSync } from 'node:fs';
import type { Config } from '../config';

export interface TemporalConnectionOptions {
  address: string;
  tls?: TLSConfig | boolean;
  apiKey?: string;
}

type TlsSettings = Pick<
  Config,
  'TEMPORAL_TLS' | 'TEMPORAL_TLS_CERT' | 'TEMPORAL_TLS_KEY' | 'TEMPORAL_TLS_CA' | 'TEMPORAL_TLS_SERVER_NAME' | 'TEMPORAL_API_KEY'
>;

export function temporalConnectionOptions(config: TlsSettings, address: string): TemporalConnectionOptions {
  const tls: TLSConfig = {};
  if (config.TEMPORAL_TLS_CERT && config.TEMPORAL_TLS_KEY) {
    tls.clientCertPair = { crt: readFileSync(config.TEMPORAL_TLS_CERT), key: readFileSync(config.TEMPORAL_TLS_KEY) };
  }
  if (config.TEMPORAL_TLS_CA) tls.serverRootCACertificate = readFileSync(config.TEMPORAL_TLS_CA);
  if (config.TEMPORAL_TLS_SERVER_NAME) tls.serverNameOverride = config.TEMPORAL_TLS_SERVER_NAME;
  const useTls = config.TEMPORAL_TLS || Object.keys(tls).length > 0 || Boolean(config.TEMPORAL_API_KEY);
  return {
    address,
    ...(useTls ? { tls } : {}),
    ...(config.TEMPORAL_API_KEY ? { apiKey: config.TEMPORAL_API_KEY } : {}),
  };
}
