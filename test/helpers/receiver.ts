// A real HTTP receiver on loopback that verifies every delivery's signature with the
// `standardwebhooks` package, as a customer's server would, and answers as each test scripts it.
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Webhook } from 'standardwebhooks';

export interface ReceivedRequest {
  method: string;
  path: string;
  headers: Record<string, string>;
  body: string;
  at: number;
  signatureValid: boolean;
}

/** Answers one request; may never answer (to simulate a hang). */
export type Responder = (req: ReceivedRequest, index: number, res: ServerResponse) => void;

export const respondWith = (status: number, body = '', headers: Record<string, string> = {}): Responder =>
  (_req, _i, res) => {
    res.writeHead(status, headers).end(body);
  };

/** Answers the n-th request (0-based) with statuses[n], the last status after that. */
export const respondInSequence = (...statuses: number[]): Responder =>
  (_req, i, res) => {
    res.writeHead(statuses[Math.min(i, statuses.length - 1)]).end();
  };

export const neverRespond: Responder = () => undefined;

export interface Receiver {
  url: string;
  requests: ReceivedRequest[];
  /** Set after the endpoint exists, so signatures can be checked with its secret. */
  secret?: string;
  respond: Responder;
  waitForRequests(count: number, timeoutMs?: number): Promise<ReceivedRequest[]>;
  close(): Promise<void>;
}

function flatten(req: IncomingMessage): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(req.headers)) if (v !== undefined) out[k] = Array.isArray(v) ? v.join(', ') : v;
  return out;
}

export async function startReceiver(respond: Responder = respondWith(200)): Promise<Receiver> {
  const open = new Set<ServerResponse>();
  const receiver: Receiver = {
    url: '',
    requests: [],
    respond,
    async waitForRequests(count, timeoutMs = 20_000) {
      const deadline = Date.now() + timeoutMs;
      while (receiver.requests.length < count) {
        if (Date.now() > deadline) throw new Error(`receiver got ${receiver.requests.length} of ${count} requests`);
        await new Promise((r) => setTimeout(r, 50));
      }
      return receiver.requests;
    },
    close: async () => {
      for (const res of open) res.destroy();
      server.closeAllConnections();
      await new Promise<void>((r) => server.close(() => r()));
    },
  };
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c) => chunks.push(c));
    req.on('end', () => {
      const body = Buffer.concat(chunks).toString('utf8');
      const headers = flatten(req);
      let signatureValid = false;
      try {
        if (receiver.secret) {
          new Webhook(receiver.secret).verify(body, headers);
          signatureValid = true;
        }
      } catch {
        signatureValid = false;
      }
      const received = { method: req.method ?? '', path: req.url ?? '', headers, body, at: Date.now(), signatureValid };
      const index = receiver.requests.push(received) - 1;
      open.add(res);
      res.on('close', () => open.delete(res));
      receiver.respond(received, index, res);
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
  receiver.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/hook`;
  return receiver;
}
