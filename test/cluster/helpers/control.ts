// The fault cases run in vitest's test workers, the stack in its global setup: a small HTTP control
// API on loopback lets a case kill and restart the stack's pieces (kill -9 is real: other processes).
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { ClusterStack } from './cluster-stack';

type Action = (index: number) => Promise<unknown>;

export async function startControl(stack: ClusterStack): Promise<{ url: string; close(): Promise<void> }> {
  const actions: Record<string, Action> = {
    'kill-host': (i) => stack.cluster.killHost(i),
    'start-host': (i) => stack.cluster.startHost(i),
    shards: () => stack.cluster.shards(),
    'kill-worker': async (i) => stack.workers[i]?.kill9(),
    'start-worker': (i) => stack.startWorker(i),
    'kill-api': async (i) => stack.apis[i]?.kill9(),
    'start-api': (i) => stack.startApi(i),
    diagnostics: async () => stack.diagnostics(),
  };
  const server: Server = createServer((req, res) => {
    const [, name, index] = (req.url ?? '').split('/');
    const action = actions[name];
    if (!action) return void res.writeHead(404).end();
    action(Number(index ?? 0)).then(
      (out) => res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(out ?? null)),
      (err: Error) => res.writeHead(500, { 'content-type': 'application/json' }).end(JSON.stringify({ error: err.message })),
    );
  });
  await new Promise<void>((done) => server.listen(0, '127.0.0.1', () => done()));
  const { port } = server.address() as AddressInfo;
  return { url: `http://127.0.0.1:${port}`, close: () => new Promise((done) => server.close(() => done())) };
}

/** Calls the control API from a test. */
export async function control<T = unknown>(baseUrl: string, action: string, index = 0): Promise<T> {
  const res = await fetch(`${baseUrl}/${action}/${index}`, { method: 'POST', signal: AbortSignal.timeout(180_000) });
  const body = (await res.json()) as T & { error?: string };
  if (!res.ok) throw new Error(`control ${action}/${index}: ${body.error}`);
  return body;
}
