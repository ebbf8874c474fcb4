// A real Temporal cluster on one machine: the pinned server built from source, its schemas on
// PostgreSQL, two hosts sharing the history shards through Temporal's own membership, one balanced
// frontend address in front of them, the namespace and EdgeCron's search attributes registered.
import { ensureSearchAttributes } from '../../temporal/ensure-search-attributes';
import { startTcpBalancer, type TcpBalancer } from '../tcp-balancer';
import { registerNamespace } from './namespace';
import { setupTemporalSchemas } from './schemas';
import { ensureServerBuild } from './server-build';
import { startServerHost, type ServerHost } from './server-host';
import { hostPorts, serverEnv, TEMPORAL_SERVER_VERSION, type ClusterDatabase, type HostPorts } from './settings';
import { shardOwners } from './shards';

export interface TemporalClusterOptions {
  db: ClusterDatabase;
  /** Port of the balanced frontend address clients use. */
  port: number;
  /** First of nine consecutive ports for each host (two entries: two hosts). */
  hostBasePorts: number[];
  namespace: string;
  /** The namespace's workflow retention when this registers it (TEMPORAL_WORKFLOW_RETENTION_DAYS). */
  workflowRetentionDays?: number;
  /** The server's own log level (its JSON lines go to `log`). */
  serverLogLevel?: string;
  log: (source: string, line: string) => void;
}

export interface TemporalCluster {
  version: string;
  /** The balanced frontend: what TEMPORAL_ADDRESS points at. */
  address: string;
  /** Each host's own frontend and ports. */
  hostPorts: HostPorts[];
  isUp(index: number): boolean;
  /** kill -9 one host. */
  killHost(index: number): Promise<void>;
  /** Start a host again on its ports (after killHost). */
  startHost(index: number): Promise<void>;
  /** History shards each host owns, and those recorded for an owner that is none of them. */
  shards(): Promise<ShardReading>;
  /** Polls shards() until `done` holds; returns the last reading either way. */
  waitForShards(done: (s: ShardReading) => boolean, timeoutMs: number): Promise<ShardReading>;
  stop(): Promise<void>;
}

export type ShardReading = { perHost: number[]; elsewhere: number };

export async function startTemporalCluster(o: TemporalClusterOptions): Promise<TemporalCluster> {
  const say = (line: string) => o.log('cluster', line);
  const build = await ensureServerBuild(say);
  await setupTemporalSchemas(build.sql, o.db, say);

  const ports = o.hostBasePorts.map(hostPorts);
  const hosts: Array<ServerHost | undefined> = ports.map(() => undefined);
  const startHost = async (i: number) => {
    hosts[i] = await startServerHost({
      name: `host${i + 1}`,
      server: build.server,
      env: serverEnv(o.db, ports[i], o.serverLogLevel ?? 'warn'),
      ports: ports[i],
      log: (line) => o.log(`temporal-${i + 1}`, line),
    });
    say(`host ${i + 1} up: frontend ${hosts[i]!.frontendAddress} (pid ${hosts[i]!.pid})`);
  };
  let balancer: TcpBalancer | undefined;
  const stop = async () => {
    await balancer?.close();
    // The last host first: the others take its shards over while still up.
    for (const host of [...hosts].reverse()) await host?.stop();
  };
  try {
    // One after the other: the first host initialises the cluster's metadata and shards.
    for (let i = 0; i < ports.length; i++) await startHost(i);
    const frontends = ports.map((p) => `127.0.0.1:${p.frontend}`);
    const ns = await registerNamespace(frontends, o.namespace, o.workflowRetentionDays);
    say(`namespace ${o.namespace} ${ns === 'created' ? 'registered' : 'already registered'}`);
    const added = await ensureSearchAttributes({ address: frontends[0] }, o.namespace);
    say(added.length ? `search attributes registered: ${added.join(', ')}` : 'search attributes already registered');
    balancer = await startTcpBalancer(o.port, () => hosts.flatMap((h) => (h ? [h.ports.frontend] : [])));
  } catch (err) {
    await stop();
    throw err;
  }
  const shards = async (): Promise<ShardReading> => {
    const owners = await shardOwners(o.db);
    const perHost = ports.map((p) => owners.get(p.history) ?? 0);
    const total = [...owners.values()].reduce((a, b) => a + b, 0);
    return { perHost, elsewhere: total - perHost.reduce((a, b) => a + b, 0) };
  };
  return {
    version: TEMPORAL_SERVER_VERSION,
    address: balancer.address,
    hostPorts: ports,
    isUp: (i) => hosts[i] !== undefined,
    async killHost(i) {
      const host = hosts[i];
      hosts[i] = undefined; // the balancer stops sending new connections to it at once
      await host?.kill9();
      say(`host ${i + 1} killed (kill -9)`);
    },
    startHost,
    shards,
    async waitForShards(done, timeoutMs) {
      const deadline = Date.now() + timeoutMs;
      for (;;) {
        const reading = await shards();
        if (done(reading) || Date.now() > deadline) return reading;
        await new Promise((r) => setTimeout(r, 500));
      }
    },
    stop,
  };
}
