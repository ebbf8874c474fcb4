// The one place that reads the environment: parsed once by zod, then passed around as a value.
import { z } from 'zod';

const port = z.coerce.number().int().min(0).max(65535);
const optionalString = z.string().trim().min(1).optional();

export const configSchema = z.object({
  HOST: z.string().default('127.0.0.1'),
  PORT: port.default(3000),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  /** Also append JSON logs to this file (used by tests to inspect what gets logged). */
  LOG_FILE: optionalString,
  /** `false` keeps logs off standard output (the tests read LOG_FILE instead). */
  LOG_STDOUT: z.enum(['true', 'false']).default('true').transform((v) => v === 'true'),
  /** Port of the /metrics listener of a worker started on its own (`npm run start:worker`); 0 = off. */
  WORKER_METRICS_PORT: port.default(9464),
  /** External PostgreSQL. Unset: `npm start` runs an embedded one. */
  DATABASE_URL: optionalString,
  /** External Temporal frontend (host:port). Unset: `npm start` runs the dev server. */
  TEMPORAL_ADDRESS: optionalString,
  TEMPORAL_NAMESPACE: z.string().default('default'),
  TEMPORAL_TASK_QUEUE: z.string().default('edgecron'),
  /** Base URL of the Temporal Web UI, used to link API resources to their workflows. */
  TEMPORAL_UI_URL: z.string().url().default('http://localhost:8233'),
  /** Path to the `temporal` CLI; default: PATH, then .tools/py/bin. */
  TEMPORAL_CLI: optionalString,
  /** Searched for the `temporal` CLI. */
  PATH: z.string().default(''),
  EDGECRON_DATA_DIR: z.string().default('.edgecron'),
  EDGECRON_PG_PORT: port.default(5433),
  EDGECRON_TEMPORAL_PORT: port.default(7233),
  EDGECRON_TEMPORAL_UI_PORT: port.default(8233),
  /** Bytes of a receiver's response body kept on the attempt record. */
  DELIVERY_RESPONSE_BODY_CAP: z.coerce.number().int().min(0).max(1_048_576).default(4096),
  /** Cap on concurrent delivery activities per worker. */
  WORKER_MAX_CONCURRENT_ACTIVITIES: z.coerce.number().int().min(1).default(200),
  /** Cap on concurrent workflow tasks per worker (workflow code is cheap; activities do the I/O). */
  WORKER_MAX_CONCURRENT_WORKFLOW_TASKS: z.coerce.number().int().min(2).default(100),
  /** Workflow histories a worker keeps cached (sticky execution); more = fewer replays, more memory. */
  WORKER_MAX_CACHED_WORKFLOWS: z.coerce.number().int().min(0).default(1000),
  /** On SIGTERM, in-flight deliveries get this long to finish before they are cancelled (and retried elsewhere). */
  WORKER_SHUTDOWN_GRACE_MS: z.coerce.number().int().min(0).default(30_000),
  /** On SIGTERM, the API stops accepting and waits this long for requests in flight. */
  API_SHUTDOWN_GRACE_MS: z.coerce.number().int().min(0).default(10_000),
  /** Connections to PostgreSQL give up after this long, so the API answers 503 instead of hanging. */
  DATABASE_CONNECT_TIMEOUT_MS: z.coerce.number().int().min(100).default(3000),
  /** Any one query gives up after this long (PostgreSQL statement_timeout plus a client-side bound). */
  DATABASE_STATEMENT_TIMEOUT_MS: z.coerce.number().int().min(100).default(10_000),
  /** Connections per process to PostgreSQL (the worker's pool; the API uses half). */
  DATABASE_POOL_SIZE: z.coerce.number().int().min(1).default(20),
  /** TLS to Temporal (a cluster or Temporal Cloud): `true` with system CAs, or implied by the files below. */
  TEMPORAL_TLS: z.enum(['true', 'false']).default('false').transform((v) => v === 'true'),
  /** mTLS client certificate and key (PEM file paths), e.g. a Temporal Cloud namespace certificate. */
  TEMPORAL_TLS_CERT: optionalString,
  TEMPORAL_TLS_KEY: optionalString,
  /** CA that signed the server's certificate (PEM file path), for a self-hosted cluster with a private CA. */
  TEMPORAL_TLS_CA: optionalString,
  /** Overrides the TLS server name (SNI) when the address is not the certificate's name. */
  TEMPORAL_TLS_SERVER_NAME: optionalString,
  /** Temporal Cloud API key (instead of mTLS); implies TLS. Never logged. */
  TEMPORAL_API_KEY: optionalString,
}).refine((c) => !c.TEMPORAL_TLS_CERT === !c.TEMPORAL_TLS_KEY, {
  message: 'TEMPORAL_TLS_CERT and TEMPORAL_TLS_KEY go together',
  path: ['TEMPORAL_TLS_CERT'],
});

export type Config = z.infer<typeof configSchema>;

export function loadConfig(env: Record<string, string | undefined> = process.env): Config {
  const parsed = configSchema.safeParse(env);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => `  ${i.path.join('.')}: ${i.message}`);
    throw new Error(`Invalid configuration:\n${lines.join('\n')}`);
  }
  return parsed.data;
}
