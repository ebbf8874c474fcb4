// What the Temporal cluster runs: one pinned server version, configured through the environment its
// own embedded config template reads (the same variables the temporalio/server image reads), so
// `npm run cluster` and docker-compose.yml run the same server with the same settings.
import { resolve } from 'node:path';

export const TEMPORAL_SERVER_VERSION = '1.31.0';
/** What go.temporal.io/server v1.31.0's go.mod asks for (v1.31.5 and v1.32 need Go ≥ 1.26.10). */
export const GO_MIN_VERSION = '1.26.2';
/** History shards, fixed for the life of a cluster: enough for two hosts to share them unevenly. */
export const NUM_HISTORY_SHARDS = 8;

const ROOT = resolve(import.meta.dirname, '..', '..', '..');
/** Dynamic config shared with docker-compose.yml (mounted there). */
export const DYNAMIC_CONFIG_FILE = resolve(ROOT, 'temporal', 'dynamicconfig.yaml');

/** The server settings docker-compose.yml's temporal service must carry too (its test checks). */
export const SHARED_SERVER_ENV = {
  DB: 'postgres12',
  NUM_HISTORY_SHARDS: String(NUM_HISTORY_SHARDS),
  // Each of a host's four services keeps its own pools (default 20 + 10 each): two hosts would take
  // 240 connections, past PostgreSQL's usual limits, before EdgeCron's own. 60 per host instead.
  SQL_MAX_CONNS: '10',
  SQL_MAX_IDLE_CONNS: '10',
  SQL_VIS_MAX_CONNS: '5',
  SQL_VIS_MAX_IDLE_CONNS: '5',
} as const;

/** The schemas embedded in the sql tool, per database. */
export const TEMPORAL_DATABASES = [
  { database: 'temporal', schemaName: 'postgresql/v12/temporal' },
  { database: 'temporal_visibility', schemaName: 'postgresql/v12/visibility' },
] as const;

/** Where the server reaches PostgreSQL. */
export interface ClusterDatabase {
  host: string;
  port: number;
  user: string;
  password: string;
}

export function databaseFromUrl(databaseUrl: string): ClusterDatabase {
  const url = new URL(databaseUrl);
  return {
    host: url.hostname,
    port: Number(url.port || 5432),
    user: decodeURIComponent(url.username),
    password: decodeURIComponent(url.password),
  };
}

/** The ports of one server host: each of its four services has a gRPC and a membership port. */
export interface HostPorts {
  frontend: number;
  frontendHttp: number;
  frontendMembership: number;
  history: number;
  historyMembership: number;
  matching: number;
  matchingMembership: number;
  worker: number;
  workerMembership: number;
}

export const PORTS_PER_HOST = 9;

/** Nine consecutive ports from `base`. */
export function hostPorts(base: number): HostPorts {
  return {
    frontend: base,
    frontendHttp: base + 1,
    frontendMembership: base + 2,
    history: base + 3,
    historyMembership: base + 4,
    matching: base + 5,
    matchingMembership: base + 6,
    worker: base + 7,
    workerMembership: base + 8,
  };
}

/** The whole environment of one host (the embedded config template's variables). */
export function serverEnv(db: ClusterDatabase, ports: HostPorts, logLevel: string): Record<string, string> {
  return {
    ...SHARED_SERVER_ENV,
    LOG_LEVEL: logLevel,
    POSTGRES_SEEDS: db.host,
    DB_PORT: String(db.port),
    POSTGRES_USER: db.user,
    POSTGRES_PWD: db.password,
    DYNAMIC_CONFIG_FILE_PATH: DYNAMIC_CONFIG_FILE,
    // Hosts find each other through the cluster_membership table and talk on loopback.
    BIND_ON_IP: '127.0.0.1',
    TEMPORAL_BROADCAST_ADDRESS: '127.0.0.1',
    FRONTEND_GRPC_PORT: String(ports.frontend),
    FRONTEND_HTTP_PORT: String(ports.frontendHttp),
    FRONTEND_MEMBERSHIP_PORT: String(ports.frontendMembership),
    HISTORY_GRPC_PORT: String(ports.history),
    HISTORY_MEMBERSHIP_PORT: String(ports.historyMembership),
    MATCHING_GRPC_PORT: String(ports.matching),
    MATCHING_MEMBERSHIP_PORT: String(ports.matchingMembership),
    WORKER_GRPC_PORT: String(ports.worker),
    WORKER_MEMBERSHIP_PORT: String(ports.workerMembership),
  };
}
