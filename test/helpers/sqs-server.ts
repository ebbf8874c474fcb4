// A real SQS-compatible server for the queue-destination tests: moto_server (PyPI `moto[server]`, put in
// .tools/py by `npm run setup:test`) on a free loopback port. Two modes:
// - open (default): moto accepts any credentials, as it does out of the box;
// - checkCredentials: moto verifies each request's SigV4 signature against its IAM users' access keys and
//   refuses unknown keys and wrong secrets. moto 5.2.6 does this only after INITIAL_NO_AUTH_ACTION_COUNT
//   requests have passed unchecked (default: infinitely many). Starting it at 0 would leave no way to
//   create the first IAM user, so the server starts open, the helper creates an IAM user with an
//   allow-everything inline policy and an access key through unchecked requests, then POSTs 0 to
//   /moto-api/reset-auth, which switches checking on from the next request on.
// moto keeps its state in memory only (its recorder replays requests but not their random ids), so a
// stop() then start() on the same port loses every queue and message. start() therefore rebuilds what
// the test set up: POST /moto-api/seed before the IAM calls makes moto's random ids repeat, so the same
// access key pair comes back, and the queues made with createQueue() are created again (same names, same
// URLs, empty). Messages that were in a queue when the server stopped are gone, as in a lost broker.
import { CreateQueueCommand, SQSClient } from '@aws-sdk/client-sqs';
import { existsSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { freePort, portAnswers, startOwned, waitFor, type OwnedProcess } from './owned-process.js';

export const MOTO_SERVER = resolve('.tools/py/bin/moto_server');
export const SQS_REGION = 'us-east-1';
/** moto's default account: queue URLs are `${url}/123456789012/${name}`. */
export const MOTO_ACCOUNT = '123456789012';
const IAM_USER = 'edgecron-test';
const SEED = 33;

export interface SqsServerOptions {
  /** Refuse requests not signed with `credentials` (default false: any credentials pass). */
  checkCredentials?: boolean;
}

export interface SqsServer {
  /** http://127.0.0.1:PORT, the SDK's `endpoint`. */
  url: string;
  port: number;
  region: string;
  /** A pair moto accepts: in checking mode the IAM user's real key, in open mode any placeholder. */
  credentials: { accessKeyId: string; secretAccessKey: string };
  /** An SQS client signed with `credentials`. */
  client: SQSClient;
  /** Creates a queue (a name ending in .fifo makes a FIFO queue) and returns its URL; recreated after a restart. */
  createQueue(name: string, attributes?: Record<string, string>): Promise<string>;
  /** Freezes moto_server (SIGSTOP): connections stay open, nothing answers, its queues and messages are kept. */
  freeze(): Promise<void>;
  /** Thaws it (SIGCONT). */
  thaw(): Promise<void>;
  /** Kills moto_server (SIGKILL; its state is lost) and waits until its port is closed. */
  stop(): Promise<void>;
  /** Starts it again on the same port and rebuilds the same credentials and queues. */
  start(): Promise<void>;
  /** stop() and remove the log directory. */
  close(): Promise<void>;
  /** ms the last start took until moto answered and was set up. */
  startupMs: number;
  logFile: string;
}

export async function startSqsServer(options: SqsServerOptions = {}): Promise<SqsServer> {
  if (!existsSync(MOTO_SERVER)) throw new Error(`${MOTO_SERVER} is missing: run \`npm run setup:test\``);
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  const dir = await mkdtemp(join(tmpdir(), 'edgecron-moto-'));
  const logFile = join(dir, 'moto.log');
  const queues = new Map<string, Record<string, string>>();
  let proc: OwnedProcess | undefined;
  const server: SqsServer = {
    url,
    port,
    region: SQS_REGION,
    credentials: { accessKeyId: 'edgecron-open', secretAccessKey: 'edgecron-open' },
    client: undefined as unknown as SQSClient,
    startupMs: 0,
    logFile,
    async createQueue(name, attributes = {}) {
      const attrs = name.endsWith('.fifo') ? { FifoQueue: 'true', ...attributes } : attributes;
      const out = await server.client.send(new CreateQueueCommand({ QueueName: name, Attributes: attrs }));
      queues.set(name, attrs);
      return out.QueueUrl!;
    },
    async freeze() {
      proc?.freeze();
    },
    async thaw() {
      proc?.thaw();
    },
    async stop() {
      if (!proc) return;
      await proc.kill();
      proc = undefined;
      await waitFor('moto port closed', async () => !(await portAnswers(port)), 10_000);
    },
    async start() {
      const started = Date.now();
      proc = startOwned(MOTO_SERVER, ['-H', '127.0.0.1', '-p', String(port)], logFile);
      const child = proc.child;
      await waitFor('moto_server', async () => (await fetch(`${url}/moto-api/data.json`)).ok, 30_000, () => child.exitCode !== null);
      if (options.checkCredentials) {
        server.credentials = await createIamKey(url);
        server.client.destroy();
        server.client = sqsClient(url, server.credentials);
        // From here on every request must be signed with a key moto knows.
        await moto(url, '/moto-api/reset-auth', '0');
      }
      for (const [name, attrs] of queues) {
        await server.client.send(new CreateQueueCommand({ QueueName: name, Attributes: attrs }));
      }
      server.startupMs = Date.now() - started;
    },
    async close() {
      await server.stop();
      server.client.destroy();
      await rm(dir, { recursive: true, force: true });
    },
  };
  server.client = sqsClient(url, server.credentials);
  try {
    await server.start();
  } catch (err) {
    await server.close();
    throw err;
  }
  return server;
}

export function sqsClient(url: string, credentials: { accessKeyId: string; secretAccessKey: string }) {
  // maxAttempts 1: a refused or failed call shows its own error at once, not after the SDK's retries.
  return new SQSClient({ endpoint: url, region: SQS_REGION, credentials, maxAttempts: 1 });
}

async function moto(url: string, path: string, body: string) {
  const res = await fetch(`${url}${path}`, { method: 'POST', body });
  if (!res.ok) throw new Error(`moto ${path}: ${res.status} ${await res.text()}`);
}

/** IAM's query API, unsigned (checking is still off): moto picks the service from the credential scope. */
async function iam(url: string, params: Record<string, string>): Promise<string> {
  const res = await fetch(url, {
    method: 'POST',
    headers: {
      'content-type': 'application/x-www-form-urlencoded',
      authorization: `AWS4-HMAC-SHA256 Credential=setup/20260101/${SQS_REGION}/iam/aws4_request, SignedHeaders=host, Signature=0`,
    },
    body: new URLSearchParams({ Version: '2010-05-08', ...params }),
  });
  const text = await res.text();
  if (!res.ok) throw new Error(`moto IAM ${params.Action}: ${res.status} ${text}`);
  return text;
}

async function createIamKey(url: string) {
  // Same seed, same calls in the same order: the same key pair after every restart.
  await moto(url, `/moto-api/seed?a=${SEED}`, '');
  await iam(url, { Action: 'CreateUser', UserName: IAM_USER });
  const policy = { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: '*', Resource: '*' }] };
  await iam(url, { Action: 'PutUserPolicy', UserName: IAM_USER, PolicyName: 'all', PolicyDocument: JSON.stringify(policy) });
  const xml = await iam(url, { Action: 'CreateAccessKey', UserName: IAM_USER });
  const field = (name: string) => new RegExp(`<${name}>([^<]+)</${name}>`).exec(xml)?.[1];
  const accessKeyId = field('AccessKeyId');
  const secretAccessKey = field('SecretAccessKey');
  if (!accessKeyId || !secretAccessKey) throw new Error(`moto IAM CreateAccessKey answered no key: ${xml}`);
  return { accessKeyId, secretAccessKey };
}
