// The local receiver every part delivers to: answers each path (`/r/<tag>`) with a settable status,
// and records when each benchmark item (payload.benchId) first arrived. No signature check here: the
// tests do that; the benchmark measures EdgeCron, not the receiver.
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface BenchReceiver {
  url(tag: string): string;
  setStatus(tag: string, status: number): void;
  /** Requests answered 2xx for a tag. */
  okCount(tag: string): number;
  /** First arrival time (performance.now()) per benchId, for 2xx answers only. */
  arrivals: Map<string, number>;
  reset(tag: string): void;
  /** Webhook ids a tag answered 2xx more than once: the same run delivered twice. */
  duplicates(tag: string): number;
  waitForOk(tag: string, count: number, timeoutMs: number, onProgress?: (n: number) => void): Promise<number>;
  close(): Promise<void>;
}

/** setStatus(tag, HANG): that tag's requests are never answered. */
export const HANG = 0;

export async function startBenchReceiver(): Promise<BenchReceiver> {
  const statuses = new Map<string, number>();
  const ok = new Map<string, number>();
  const arrivals = new Map<string, number>();
  const webhookIds = new Map<string, Map<string, number>>(); // tag → webhook-id → 2xx answers
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const at = performance.now();
      const tag = (req.url ?? '/').split('/')[2] ?? '';
      const status = statuses.get(tag) ?? 200;
      if (status === HANG) return; // a hung receiver: never answers (the call times out)
      if (status < 300) {
        ok.set(tag, (ok.get(tag) ?? 0) + 1);
        const benchId = benchIdOf(Buffer.concat(chunks).toString('utf8'));
        if (benchId && !arrivals.has(benchId)) arrivals.set(benchId, at);
        const webhookId = req.headers['webhook-id'];
        if (typeof webhookId === 'string') {
          const ids = webhookIds.get(tag) ?? webhookIds.set(tag, new Map()).get(tag)!;
          ids.set(webhookId, (ids.get(webhookId) ?? 0) + 1);
        }
      }
      res.writeHead(status, { 'content-type': 'text/plain' }).end(status < 300 ? 'ok' : 'no');
    });
  });
  server.keepAliveTimeout = 30_000;
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    url: (tag) => `${base}/r/${tag}`,
    setStatus: (tag, status) => void statuses.set(tag, status),
    okCount: (tag) => ok.get(tag) ?? 0,
    arrivals,
    reset: (tag) => void ok.set(tag, 0),
    duplicates: (tag) => [...(webhookIds.get(tag)?.values() ?? [])].filter((n) => n > 1).length,
    async waitForOk(tag, count, timeoutMs, onProgress) {
      const started = performance.now();
      let lastReport = 0;
      while ((ok.get(tag) ?? 0) < count) {
        if (performance.now() - started > timeoutMs) throw new Error(`receiver got ${ok.get(tag) ?? 0} of ${count} (${tag})`);
        if (onProgress && performance.now() - lastReport > 2000) {
          lastReport = performance.now();
          onProgress(ok.get(tag) ?? 0);
        }
        await new Promise((r) => setTimeout(r, 5));
      }
      return performance.now();
    },
    close: async () => {
      server.closeAllConnections();
      await new Promise<void>((r) => server.close(() => r()));
    },
  };
}

function benchIdOf(body: string): string | undefined {
  try {
    const parsed = JSON.parse(body) as { benchId?: unknown; data?: { benchId?: unknown } };
    const id = parsed?.benchId ?? parsed?.data?.benchId;
    return typeof id === 'string' ? id : undefined;
  } catch {
    return undefined;
  }
}
