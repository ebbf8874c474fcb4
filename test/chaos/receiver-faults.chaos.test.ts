// Receivers that misbehave: every fault ends in a recorded attempt and a final run state, never a
// stuck run or a worker that hangs. Each case prints its figures.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { createServer as createHttpServer, type Server } from 'node:http';
import { createServer as createHttpsServer } from 'node:https';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startReceiver, type Receiver } from '../helpers/receiver';
import { startChaosStack, type ChaosStack } from './helpers/chaos-stack';
import { apiClient, FINAL, report, sleep } from './helpers/client';
import { createEndpoint, createRetryPolicy, createRun } from './helpers/endpoints';

let stack: ChaosStack;
let api: ReturnType<typeof apiClient>;
let twoTries: string;
const receivers: Array<{ close(): Promise<void> }> = [];

beforeAll(async () => {
  stack = await startChaosStack('receiver');
  api = apiClient(stack.apiUrl);
  await stack.startWorker();
  twoTries = await createRetryPolicy(stack.db, { maxAttempts: 2, intervalMs: 200 });
});

afterAll(async () => {
  for (const r of receivers) await r.close();
  await stack?.stop();
});

async function receiver(respond: Parameters<typeof startReceiver>[0]): Promise<Receiver> {
  const r = await startReceiver(respond);
  receivers.push(r);
  return r;
}

/** Sends one run to `url` and waits for its final state; returns the run and its attempts. */
async function deliverOnce(url: string, endpoint: Record<string, unknown> = {}) {
  const ep = await createEndpoint(api, { url, timeoutMs: 1000, retryPolicyId: twoTries, ...endpoint });
  const started = Date.now();
  const runId = await createRun(api, ep.id);
  let run: any;
  for (;;) {
    run = (await api('GET', `/v1/task-runs/${runId}`)).body;
    if (FINAL.includes(run.status)) break;
    if (Date.now() - started > 60_000) throw new Error(`run stuck in ${run.status}`);
    await sleep(100);
  }
  const attempts = (await api('GET', `/v1/task-runs/${runId}/attempts`)).body.data as any[];
  return { run, attempts: attempts.sort((a, b) => a.attemptNumber - b.attemptNumber), ms: Date.now() - started, endpoint: ep };
}

describe('receiver faults', () => {
  it('a receiver that never answers: each attempt times out at the endpoint timeout, the run dead-letters', async () => {
    const r = await receiver(() => undefined);
    const { run, attempts, ms } = await deliverOnce(r.url);
    expect(run.status).toBe('dead_letter');
    expect(attempts.map((a) => [a.errorKind, a.status])).toEqual([['timeout', 'failed'], ['timeout', 'failed']]);
    for (const a of attempts) expect(a.latencyMs).toBeLessThan(5000); // bounded by timeoutMs (1 s), not hanging
    report('hang past timeout', { runs: 1, lost: 0, attempts: attempts.length, final: run.status, msToFinal: ms });
  });

  it('headers then a stalled body: the attempt times out instead of waiting for the rest', async () => {
    const r = await receiver((_req, _i, res) => {
      res.writeHead(200, { 'content-type': 'text/plain' });
      res.write('partial…'); // and never end
    });
    const { run, attempts, ms } = await deliverOnce(r.url);
    expect(run.status).toBe('dead_letter');
    expect(attempts).toHaveLength(2);
    for (const a of attempts) {
      expect(a.status).toBe('failed');
      expect(a.errorKind).toBe('timeout');
    }
    report('stalled body', { runs: 1, lost: 0, attempts: attempts.length, final: run.status, msToFinal: ms });
  });

  it('connection reset mid-response: a network failure, retried, and the next attempt succeeds with the same webhook-id', async () => {
    const r = await receiver((_req, i, res) => {
      if (i === 0) {
        res.writeHead(200, { 'content-type': 'text/plain', 'content-length': '1000' });
        res.write('half of it');
        setTimeout(() => res.socket?.destroy(), 20);
        return;
      }
      res.writeHead(200).end('ok');
    });
    const { run, attempts, ms } = await deliverOnce(r.url);
    expect(run.status).toBe('success');
    expect(attempts.map((a) => a.status)).toEqual(['failed', 'success']);
    expect(attempts[0].errorKind).toBe('network');
    const ids = new Set(r.requests.map((q) => q.headers['webhook-id']));
    expect(ids.size).toBe(1);
    report('connection reset', { runs: 1, lost: 0, attempts: attempts.length, duplicatesSameWebhookId: r.requests.length - 1, final: run.status, msToFinal: ms });
  });

  it('an endless response body is cut at the cap: the run succeeds and the stored body is capped', async () => {
    let bytesSent = 0;
    let streamClosed = false;
    const r = await receiver((_req, _i, res) => {
      res.writeHead(200, { 'content-type': 'text/plain' });
      const chunk = 'x'.repeat(64 * 1024);
      const pump = () => {
        while (!res.destroyed) {
          bytesSent += chunk.length;
          if (!res.write(chunk)) return void res.once('drain', pump);
        }
      };
      res.on('close', () => (streamClosed = true));
      pump();
    });
    const { run, attempts, ms } = await deliverOnce(r.url);
    expect(run.status).toBe('success');
    expect(attempts).toHaveLength(1);
    expect(attempts[0].responseBody.length).toBe(stack.config.DELIVERY_RESPONSE_BODY_CAP);
    await sleep(200);
    expect(streamClosed).toBe(true); // EdgeCron hung up instead of downloading forever
    report('endless body', { runs: 1, lost: 0, storedBytes: attempts[0].responseBody.length, bytesSentBeforeHangup: bytesSent, final: run.status, msToFinal: ms });
  });

  it('a huge declared body (100 MB) is not downloaded: the stored body is capped', async () => {
    let bytesSent = 0;
    const r = await receiver((_req, _i, res) => {
      res.writeHead(200, { 'content-type': 'application/octet-stream', 'content-length': String(100 * 1024 * 1024) });
      const chunk = Buffer.alloc(64 * 1024, 0x61);
      const pump = () => {
        while (!res.destroyed && bytesSent < 100 * 1024 * 1024) {
          bytesSent += chunk.length;
          if (!res.write(chunk)) return void res.once('drain', pump);
        }
      };
      pump();
    });
    const { run, attempts } = await deliverOnce(r.url);
    expect(run.status).toBe('success');
    expect(attempts[0].responseBody.length).toBe(stack.config.DELIVERY_RESPONSE_BODY_CAP);
    expect(bytesSent).toBeLessThan(100 * 1024 * 1024);
    report('huge body', { runs: 1, lost: 0, declaredBytes: 100 * 1024 * 1024, bytesSentBeforeHangup: bytesSent, final: run.status });
  });

  it('a 3xx to an internal address is never followed: the attempt is recorded, the internal target never called', async () => {
    // Today's guarantee: redirects are not followed at all (the SSRF guard of another branch adds address checks).
    let internalHits = 0;
    const internal: Server = createHttpServer((_req, res) => {
      internalHits += 1;
      res.writeHead(200).end('internal secrets');
    });
    await new Promise<void>((resolve) => internal.listen(0, '127.0.0.1', () => resolve()));
    receivers.push({ close: () => new Promise<void>((resolve) => internal.close(() => resolve())) });
    const internalUrl = `http://127.0.0.1:${(internal.address() as AddressInfo).port}/admin`;
    const r = await receiver((_req, _i, res) => res.writeHead(302, { location: internalUrl }).end());
    const { run, attempts } = await deliverOnce(r.url);
    expect(attempts).toHaveLength(1);
    expect(attempts[0].statusCode).toBe(302);
    expect(attempts[0].request.url).toBe(r.url);
    expect(run.status).toBe('dead_letter'); // a redirect is not a delivery, and not retryable
    expect(internalHits).toBe(0);
    report('3xx to internal address', { runs: 1, lost: 0, attempts: attempts.length, internalHits, final: run.status });
  });

  it('a self-signed certificate fails TLS: a network attempt naming the certificate, the receiver never sees the body', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'edgecron-tls-'));
    execFileSync('openssl', ['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-days', '1', '-subj', '/CN=localhost',
      '-keyout', join(dir, 'key.pem'), '-out', join(dir, 'cert.pem')], { stdio: 'ignore' });
    let served = 0;
    const https = createHttpsServer({ key: readFileSync(join(dir, 'key.pem')), cert: readFileSync(join(dir, 'cert.pem')) }, (_req, res) => {
      served += 1;
      res.writeHead(200).end();
    });
    await new Promise<void>((resolve) => https.listen(0, '127.0.0.1', () => resolve()));
    receivers.push({ close: () => new Promise<void>((resolve) => { https.closeAllConnections(); https.close(() => resolve()); }) });
    const { run, attempts } = await deliverOnce(`https://localhost:${(https.address() as AddressInfo).port}/hook`);
    expect(run.status).toBe('dead_letter');
    expect(attempts).toHaveLength(2);
    for (const a of attempts) {
      expect(a.errorKind).toBe('network');
      expect(a.errorMessage).toMatch(/cert|self[- ]signed/i);
    }
    expect(served).toBe(0);
    report('TLS self-signed', { runs: 1, lost: 0, attempts: attempts.length, error: attempts[0].errorMessage, final: run.status });
  });

  it('a host name that does not resolve: a network attempt per try, then a dead letter', async () => {
    const { run, attempts } = await deliverOnce('http://edgecron-chaos.invalid/hook');
    expect(run.status).toBe('dead_letter');
    expect(attempts).toHaveLength(2);
    for (const a of attempts) {
      expect(a.errorKind).toBe('network');
      expect(a.errorMessage).toMatch(/ENOTFOUND|EAI_AGAIN|getaddrinfo/);
    }
    report('DNS does not resolve', { runs: 1, lost: 0, attempts: attempts.length, error: attempts[0].errorMessage, final: run.status });
  });
});
