// docker-compose.yml is the production topology: PostgreSQL, Temporal and its Web UI, a migration
// job, the worker and the API, each configured by environment. It cannot run here (no Docker engine),
// so this reads it and checks that it agrees with what the code reads (src/config.ts) and runs.
import { readFileSync } from 'node:fs';
import { parse } from 'yaml';
import { describe, expect, it } from 'vitest';
import { configSchema, loadConfig } from '../src/config';
import { SHARED_SERVER_ENV, TEMPORAL_DATABASES, TEMPORAL_SERVER_VERSION } from '../src/stack/temporal-cluster/settings';

interface Service {
  image?: string;
  build?: string;
  command?: string[];
  environment?: Record<string, string>;
  ports?: string[];
  depends_on?: Record<string, { condition: string }> | string[];
  stop_grace_period?: string;
  volumes?: string[];
  deploy?: { replicas?: number };
}

const root = new URL('../', import.meta.url);
const compose = parse(readFileSync(new URL('docker-compose.yml', root), 'utf8')) as { services: Record<string, Service> };
const scripts = (JSON.parse(readFileSync(new URL('package.json', root), 'utf8')) as { scripts: Record<string, string> }).scripts;
const services = compose.services;
const ours = ['migrate', 'worker', 'api'] as const;
const known = new Set(Object.keys(configSchema.shape));

/** host:port that a service answers on inside the compose network. */
const hostPort = (service: string, containerPort: number) => {
  const mapped = (services[service].ports ?? []).some((p) => p.endsWith(`:${containerPort}`));
  return { service, containerPort, mapped };
};
const seconds = (d: string) => Number(d.replace(/s$/, ''));
/** What Docker passes when the operator sets nothing: `${VAR:-default}` becomes its default. */
const unsetShell = (env: Record<string, string>) =>
  Object.fromEntries(Object.entries(env).map(([k, v]) => [k, v.replace(/\$\{\w+:-([^}]*)\}/g, '$1')]));

describe('docker-compose.yml', () => {
  it('runs PostgreSQL, Temporal with its Web UI, a migration job, the worker and the API as separate services', () => {
    expect(Object.keys(services).sort()).toEqual(['api', 'migrate', 'postgres', 'temporal', 'temporal-namespace', 'temporal-schema', 'temporal-ui', 'worker']);
    for (const name of ours) expect(services[name].build).toBe('.');
  });

  it('sets only variables src/config.ts reads, and values it accepts', () => {
    for (const name of ours) {
      const env = services[name].environment ?? {};
      expect(Object.keys(env).filter((k) => !known.has(k)), name).toEqual([]);
      expect(() => loadConfig(unsetShell(env)), name).not.toThrow();
    }
  });

  it('gives the worker and the API what the production entry points require', () => {
    for (const name of ['worker', 'api']) {
      expect(services[name].environment).toHaveProperty('DATABASE_URL');
      expect(services[name].environment).toHaveProperty('TEMPORAL_ADDRESS');
      expect(services[name].environment?.TEMPORAL_TASK_QUEUE).toBe(services.worker.environment?.TEMPORAL_TASK_QUEUE);
      expect(services[name].environment?.TEMPORAL_NAMESPACE).toBe(services.worker.environment?.TEMPORAL_NAMESPACE);
    }
    expect(services.migrate.environment).toHaveProperty('DATABASE_URL');
  });

  it('points DATABASE_URL at the postgres service with its credentials, and TEMPORAL_ADDRESS at the temporal service', () => {
    const pg = services.postgres.environment!;
    for (const name of ours) {
      const url = new URL(services[name].environment!.DATABASE_URL);
      expect([url.hostname, url.port, url.username, url.password, url.pathname]).toEqual(['postgres', '5432', pg.POSTGRES_USER, pg.POSTGRES_PASSWORD, `/${pg.POSTGRES_DB}`]);
    }
    expect(hostPort('postgres', 5432).mapped).toBe(true);
    for (const name of ['worker', 'api']) expect(services[name].environment!.TEMPORAL_ADDRESS).toBe('temporal:7233');
    expect(hostPort('temporal', 7233).mapped).toBe(true);
    expect(services['temporal-ui'].environment!.TEMPORAL_ADDRESS).toBe('temporal:7233');
  });

  it('publishes the API on the port it listens on, on all interfaces, and links to the published Web UI', () => {
    const env = services.api.environment!;
    expect(env.HOST).toBe('0.0.0.0');
    expect(services.api.ports).toContain(`${env.PORT}:${env.PORT}`);
    const uiPort = new URL(env.TEMPORAL_UI_URL).port;
    expect(services['temporal-ui'].ports).toContain(`${uiPort}:8080`);
  });

  it('runs the npm scripts that exist, migrations first', () => {
    for (const name of ours) {
      const [npm, run, script] = services[name].command!;
      expect([npm, run]).toEqual(['npm', 'run']);
      expect(scripts, name).toHaveProperty(script);
    }
    for (const name of ['worker', 'api']) {
      expect((services[name].depends_on as Record<string, { condition: string }>).migrate.condition).toBe('service_completed_successfully');
    }
  });

  it('runs the Temporal server `npm run cluster` runs: same version, settings and dynamic config, two hosts', () => {
    const temporal = services.temporal;
    expect(temporal.image).toBe(`temporalio/server:${TEMPORAL_SERVER_VERSION}`);
    for (const job of ['temporal-schema', 'temporal-namespace']) expect(services[job].image).toBe(`temporalio/admin-tools:${TEMPORAL_SERVER_VERSION}`);
    expect(temporal.environment).toMatchObject(SHARED_SERVER_ENV);
    expect(temporal.deploy?.replicas).toBe(2);
    const [source, target] = temporal.volumes![0].split(':');
    expect(source).toBe('./temporal/dynamicconfig.yaml');
    expect(temporal.environment!.DYNAMIC_CONFIG_FILE_PATH).toBe(target);
    // Its database is the postgres service's, with its credentials.
    const pg = services.postgres.environment!;
    expect([temporal.environment!.POSTGRES_SEEDS, temporal.environment!.POSTGRES_USER, temporal.environment!.POSTGRES_PWD]).toEqual(['postgres', pg.POSTGRES_USER, pg.POSTGRES_PASSWORD]);
    // The schema job sets up the databases the cluster script does, before the server starts.
    const script = services['temporal-schema'].command!.join('\n');
    for (const { database, schemaName } of TEMPORAL_DATABASES) expect(script).toContain(`${database}:${schemaName}`);
    expect((temporal.depends_on as Record<string, { condition: string }>)['temporal-schema'].condition).toBe('service_completed_successfully');
    for (const name of ['worker', 'api']) {
      expect((services[name].depends_on as Record<string, { condition: string }>)['temporal-namespace'].condition).toBe('service_completed_successfully');
    }
  });

  it('gives Docker a stop grace period longer than the worker’s and the API’s own drain time', () => {
    const worker = loadConfig(unsetShell(services.worker.environment!));
    const api = loadConfig(unsetShell(services.api.environment!));
    expect(seconds(services.worker.stop_grace_period!) * 1000).toBeGreaterThan(worker.WORKER_SHUTDOWN_GRACE_MS);
    expect(seconds(services.api.stop_grace_period!) * 1000).toBeGreaterThan(api.API_SHUTDOWN_GRACE_MS);
  });
});
