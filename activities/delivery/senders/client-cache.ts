// Queue clients are reused across sends, one per endpoint, never built per message. A client is closed
// when its endpoint changes (the next send sees a newer version and builds a new one), when the endpoint
// is deleted or changed while idle (a sweep asks the database), and when the worker stops.
export interface CachedClient<C> {
  client: C;
  version: number;
  close(): Promise<void>;
}

export interface ClientCache<C> {
  /** The endpoint's client for this version, built when missing or older. */
  get(endpointId: string, version: Date, build: () => CachedClient<C>): C;
  /** Drops (and closes) the endpoint's client, e.g. after a connection failed, so the next send builds one. */
  drop(endpointId: string): Promise<void>;
  /** Closes the clients of endpoints `stale` names (deleted, or changed since their client was built). */
  sweep(stale: (versions: Map<string, number>) => Promise<string[]>): Promise<void>;
  closeAll(): Promise<void>;
  size(): number;
}

export function createClientCache<C>(): ClientCache<C> {
  const clients = new Map<string, CachedClient<C>>();
  const closeQuietly = (c: CachedClient<C>) => c.close().catch(() => undefined);

  return {
    get(endpointId, version, build) {
      const current = clients.get(endpointId);
      if (current && current.version >= version.getTime()) return current.client;
      if (current) void closeQuietly(current);
      const built = build();
      clients.set(endpointId, built);
      return built.client;
    },
    async drop(endpointId) {
      const current = clients.get(endpointId);
      clients.delete(endpointId);
      if (current) await closeQuietly(current);
    },
    async sweep(stale) {
      if (clients.size === 0) return;
      const versions = new Map([...clients].map(([id, c]) => [id, c.version]));
      for (const id of await stale(versions)) await this.drop(id);
    },
    async closeAll() {
      const all = [...clients.values()];
      clients.clear();
      await Promise.all(all.map(closeQuietly));
    },
    size: () => clients.size,
  };
}
