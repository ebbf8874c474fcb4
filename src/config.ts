// The one place that reads the environment: parsed once by zod, then passed around as a value.
import { availableParallelism } from 'node:os';
import { z } from 'zod';
import { DEFAULT_WORKFLOW_RETENTION_DAYS, type RetentionSettings } from './domain/retention';

const port = z.coerce.number().int().min(0).max(65535);
const optionalString = z.string().trim().min(1).optional();
const httpUrl = z.url({ protocol: /^https?$/, error: 'must be an http(s) URL' });
/** Set but empty counts as unset (`OTEL_EXPORTER_OTLP_ENDPOINT=` turns tracing off, as in other OpenTelemetry SDKs). */
const unsetIfEmpty = <T extends z.ZodType>(schema: T) => z.preprocess((v) => (v === '' ? undefined : v), schema.optional());

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
  /** Bulk dead-letter replay starts at most this many task runs per second; unset: replayRatePerSecond(). */
  DEAD_LETTER_REPLAY_RATE_PER_SECOND: z.coerce.number().int().min(1).max(1000).optional(),
  // Durable ingest (see README "Outages"): accepted triggers wait in the PendingStart outbox until a
  // dispatcher (in every API and worker process) has started their workflows.
  /** Undispatched triggers above which writes answer 503 with Retry-After instead of growing the backlog. */
  DISPATCH_BACKLOG_LIMIT: z.coerce.number().int().min(1).default(100_000),
  /** Backstop sweep of the outbox, for work another process accepted or a crash left behind. */
  DISPATCH_SWEEP_INTERVAL_MS: z.coerce.number().int().min(50).default(1000),
  /** Outbox rows one dispatcher takes per round. */
  DISPATCH_BATCH_SIZE: z.coerce.number().int().min(1).max(1000).default(100),
  /** Bound on one workflow start: a frozen Temporal holds a dispatcher no longer than this. */
  DISPATCH_START_TIMEOUT_MS: z.coerce.number().int().min(100).default(5000),
  /**
   * While a worker's dispatcher serves the task queue (it starts runs eagerly, on the worker's connection),
   * an API's dispatcher leaves it the rows younger than this and only takes over what waits longer.
   */
  DISPATCH_HANDOFF_GRACE_MS: z.coerce.number().int().min(0).default(1000),
  /** Test-only fault point; never set it in production. `crash_after_commit`: the API kills itself (SIGKILL) right after committing a trigger. */
  EDGECRON_TEST_FAULT: z.enum(['crash_after_commit']).optional(),
  // Retention (see README "Retention"; src/domain/retention.ts): what is kept, for how long.
  /** Days a finished run's payload and its attempts' response bodies are kept (an endpoint may override); event payloads too. */
  RETENTION_PAYLOAD_DAYS: z.coerce.number().int().min(1).max(3650).default(30),
  /** Days a finished run and its attempts (metadata) are kept. */
  RETENTION_RUN_DAYS: z.coerce.number().int().min(1).max(3650).default(90),
  /** Days an event is kept. */
  RETENTION_EVENT_DAYS: z.coerce.number().int().min(1).max(3650).default(90),
  /** Days a dead letter (with its run) is kept once replayed or discarded; open ones are kept. */
  RETENTION_DEAD_LETTER_DAYS: z.coerce.number().int().min(1).max(3650).default(30),
  /** Hours an idempotency key holds: the same key later makes a new event. */
  IDEMPOTENCY_KEY_TTL_HOURS: z.coerce.number().int().min(1).max(8760).default(24),
  /** How often the purge schedule runs. */
  RETENTION_PURGE_INTERVAL_MINUTES: z.coerce.number().int().min(1).max(1440).default(15),
  /** Rows one purge statement touches (a small batch keeps locks short). */
  RETENTION_PURGE_BATCH_SIZE: z.coerce.number().int().min(1).max(10_000).default(500),
  /** Days Temporal keeps a closed workflow's history (namespace retention; set on the dev server and a new cluster namespace). */
  TEMPORAL_WORKFLOW_RETENTION_DAYS: z.coerce.number().int().min(1).max(3650).default(DEFAULT_WORKFLOW_RETENTION_DAYS),
  /** Cap on concurrent delivery activities per worker. */
  WORKER_MAX_CONCURRENT_ACTIVITIES: z.coerce.number().int().min(1).default(200),
  /**
   * Isolation by default: the share of a worker's delivery slots one endpoint (or flowControlKey) may
   * use at once, so a hung receiver cannot hold them all (see README "Flow control"). 1 = no cap.
   */
  DELIVERY_ENDPOINT_FAIR_SHARE: z.coerce.number().gt(0).max(1).default(0.25),
  /** An endpoint whose calls have all failed for this long is disabled (its waiting runs become dead letters); 0 = never. */
  ENDPOINT_AUTO_DISABLE_AFTER_MS: z.coerce.number().int().min(0).default(5 * 24 * 3600 * 1000),

  // Security (see README "Security").
  /** A full-scope API key accepted besides the keys in the database; `npm start` generates one if unset. */
  EDGECRON_BOOTSTRAP_API_KEY: z.string().trim().min(32, 'must be at least 32 characters').optional(),
  /** 32 bytes (base64 or 64 hex digits) that encrypt endpoint signing secrets at rest (AES-256-GCM). */
  EDGECRON_SECRET_KEY: optionalString,
  /**
   * Comma-separated CIDRs, IPs or host names that deliveries may reach even though they are private,
   * loopback or otherwise internal. Empty (the default): only public addresses.
   */
  DELIVERY_ALLOW_LIST: z.string().optional(),
  /** Largest request body the API reads, in bytes (413 above). */
  API_BODY_LIMIT_BYTES: z.coerce.number().int().min(1024).max(1_900_000).default(1_048_576),
  /** Largest webhook `payload`, in bytes of JSON (413 above); well below Temporal's 2 MB blob limit. */
  PAYLOAD_LIMIT_BYTES: z.coerce.number().int().min(16).max(1_048_576).default(262_144),
  /** Deepest nesting of objects and arrays accepted in a request body (400 above). */
  JSON_DEPTH_LIMIT: z.coerce.number().int().min(2).max(256).default(32),
  // Transformations (docs/transformations.md): each call runs in a QuickJS (WebAssembly) sandbox on a worker thread.
  /** Wall-clock limit of one transformation call. */
  TRANSFORMATION_TIMEOUT_MS: z.coerce.number().int().min(10).max(10_000).default(250),
  /** Memory limit of one transformation call. */
  TRANSFORMATION_MEMORY_MB: z.coerce.number().int().min(4).max(512).default(32),
  /** Sandboxes running at once per process (worker threads); default: the number of cores. */
  TRANSFORMATION_CONCURRENCY: z.coerce.number().int().min(1).max(256).default(availableParallelism()),
  /** Requests per second per API key (token bucket refill rate); 0 = no rate limit. */
  RATE_LIMIT_PER_SECOND: z.coerce.number().min(0).default(20),
  /** Token bucket size: how many requests a key may burst. */
  RATE_LIMIT_BURST: z.coerce.number().int().min(1).default(100),
  /** Failed authentications per client address per minute before 429s (checked before any lookup); 0 = off. */
  AUTH_FAILURE_LIMIT_PER_MINUTE: z.coerce.number().int().min(0).default(30),
  /** Failed verifications per inbound source and client address per minute before 429 (0 = off); apart from the API keys' limit. */
  SOURCE_VERIFICATION_FAILURE_LIMIT_PER_MINUTE: z.coerce.number().int().min(0).default(30),
  /**
   * Express `trust proxy`: which proxies' X-Forwarded-For to believe for the client address (the
   * failed-authentication limit is per address). Unset: the socket's peer. E.g. `1`, `loopback`, `10.0.0.0/8`.
   */
  API_TRUST_PROXY: optionalString,
  /** This API's public base URL, for the absolute links portal sessions return. Unset: the request's own host. */
  EDGECRON_PUBLIC_URL: unsetIfEmpty(httpUrl),
  /** Who may frame the consumer portal (/portal): CSP `frame-ancestors` sources, e.g. `https://app.example.com`. */
  PORTAL_FRAME_ANCESTORS: z.string().trim().min(1).default('*'),
  /** Cap on workflow tasks a worker processes at once (Temporal's default is 40). */
  WORKER_MAX_CONCURRENT_WORKFLOW_TASKS: z.coerce.number().int().min(2).default(40),
  /** Long polls a worker keeps open for workflow tasks (Temporal's default is 10). */
  WORKER_WORKFLOW_TASK_POLLERS: z.coerce.number().int().min(2).default(10),
  /** Long polls a worker keeps open for activity tasks (Temporal's default is 10). */
  WORKER_ACTIVITY_TASK_POLLERS: z.coerce.number().int().min(1).default(10),
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

  // Tracing (OpenTelemetry, see README "Observability"): off unless an OTLP endpoint is set.
  /** OTLP/HTTP collector base URL; traces go to `<url>/v1/traces`. */
  OTEL_EXPORTER_OTLP_ENDPOINT: unsetIfEmpty(httpUrl),
  /** Full OTLP/HTTP traces URL; wins over OTEL_EXPORTER_OTLP_ENDPOINT. */
  OTEL_EXPORTER_OTLP_TRACES_ENDPOINT: unsetIfEmpty(httpUrl),
  /** `key=value` pairs, comma-separated, sent with every export (a vendor's API key). Never logged. */
  OTEL_EXPORTER_OTLP_HEADERS: unsetIfEmpty(z.string().regex(/^\s*[^=,\s]+=[^,]*(,\s*[^=,\s]+=[^,]*)*\s*$/, 'must be key=value pairs separated by commas')),
  OTEL_SERVICE_NAME: z.string().trim().min(1).default('edgecron'),
  /** Share of new traces recorded (0 to 1); a trace continued from a caller follows the caller's choice. */
  OTEL_TRACES_SAMPLER_RATIO: z.coerce.number().min(0).max(1).default(1),
  /** Milliseconds between batch exports of finished spans. */
  OTEL_BSP_SCHEDULE_DELAY: z.coerce.number().int().min(10).default(5000),
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

/**
 * Bulk replay's pace when none is configured: half of what one worker runs at once
 * (WORKER_MAX_CONCURRENT_ACTIVITIES, 200 → 100/s), not a fixed 25/s that left the workers idle.
 * Receivers are protected by their endpoint's own limits (maxConcurrency, rateLimitPerSecond, the
 * circuit breaker) and other endpoints by the fairness keys, not by this pace.
 */
export function replayRatePerSecond(config: Pick<Config, 'DEAD_LETTER_REPLAY_RATE_PER_SECOND' | 'WORKER_MAX_CONCURRENT_ACTIVITIES'>): number {
  return config.DEAD_LETTER_REPLAY_RATE_PER_SECOND ?? Math.min(1000, Math.max(25, Math.floor(config.WORKER_MAX_CONCURRENT_ACTIVITIES / 2)));
}

export function retentionFromConfig(c: Pick<Config,
  'RETENTION_PAYLOAD_DAYS' | 'RETENTION_RUN_DAYS' | 'RETENTION_EVENT_DAYS' | 'RETENTION_DEAD_LETTER_DAYS' | 'IDEMPOTENCY_KEY_TTL_HOURS'>): RetentionSettings {
  return {
    payloadDays: c.RETENTION_PAYLOAD_DAYS,
    runDays: c.RETENTION_RUN_DAYS,
    eventDays: c.RETENTION_EVENT_DAYS,
    deadLetterDays: c.RETENTION_DEAD_LETTER_DAYS,
    idempotencyKeyHours: c.IDEMPOTENCY_KEY_TTL_HOURS,
  };
}
