// The `edgecron` CLI against the real stack: every command, --json (one JSON document on stdout) and the
// exit codes 0 ok, 1 API problem, 2 usage, 3 unreachable. `listen` verifies real deliveries and refuses
// a forged one; `tail` prints runs and attempts as they happen.
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { freePort } from '../src/stack/free-port';
import { api } from './helpers/api';
import { cli, cliEnv, cliJson, startCli } from './helpers/cli';
import { createPolicy, fastPolicy } from './helpers/dead-letters';
import { type Receiver, respondWith, startReceiver } from './helpers/receiver';

let receiver: Receiver;
let failing: Receiver;
beforeAll(async () => {
  receiver = await startReceiver();
  failing = await startReceiver(respondWith(400, 'no'));
});
afterAll(async () => {
  await receiver?.close();
  await failing?.close();
});

async function newEndpoint(url: string, ...extra: string[]): Promise<string> {
  const { code, doc } = await cliJson(['endpoints', 'create', url, ...extra]);
  expect(code).toBe(0);
  return doc.id;
}

describe('endpoints', () => {
  it('create, list, get, pause, resume', async () => {
    const { code, doc: created } = await cliJson(['endpoints', 'create', receiver.url, '--event-type', 'cli.invoice.*', '--description', 'from the CLI']);
    expect(code).toBe(0);
    expect(created).toMatchObject({ url: receiver.url, eventTypes: ['cli.invoice.*'], description: 'from the CLI', status: 'active' });
    expect(created.secret).toMatch(/^whsec_/);

    const listed = await cliJson(['endpoints', 'list', '--limit', '100']);
    expect(listed.doc.data.map((e: { id: string }) => e.id)).toContain(created.id);
    const human = await cli(['endpoints', 'list', '--limit', '100']);
    expect(human.stdout).toMatch(new RegExp(`${created.id}\\s+active\\s+${receiver.url.replace(/[.]/g, '\\.')}`));

    expect((await cliJson(['endpoints', 'get', created.id])).doc).toMatchObject({ id: created.id, url: receiver.url });
    expect((await cliJson(['endpoints', 'pause', created.id])).doc.status).toBe('paused');
    const resumed = await cli(['endpoints', 'resume', created.id]);
    expect(resumed.code).toBe(0);
    expect(resumed.stdout).toMatch(/status\s+active/);
  });
});

describe('send, runs and events', () => {
  it('send --wait delivers; runs get shows the attempt; runs list finds it', async () => {
    const endpointId = await newEndpoint(receiver.url);
    const sent = await cliJson(['send', '--endpoint', endpointId, '--payload', '{"order":"ord_cli"}', '--wait']);
    expect(sent.code).toBe(0);
    expect(sent.doc).toMatchObject({ endpointId, status: 'success', attemptCount: 1 });
    expect(receiver.requests.some((r) => r.body.includes('ord_cli'))).toBe(true);

    const got = await cliJson(['runs', 'get', sent.doc.id]);
    expect(got.doc.attempts).toHaveLength(1);
    expect(got.doc.attempts[0]).toMatchObject({ attemptNumber: 1, status: 'success', statusCode: 200 });
    const human = await cli(['runs', 'get', sent.doc.id]);
    expect(human.stdout).toMatch(/#1 success 200 \d+ ms/);

    const listed = await cliJson(['runs', 'list', '--endpoint', endpointId, '--status', 'success']);
    expect(listed.doc.data.map((r: { id: string }) => r.id)).toEqual([sent.doc.id]);
  });

  it('a payload from a file', async () => {
    const endpointId = await newEndpoint(receiver.url);
    const dir = await mkdtemp(join(tmpdir(), 'edgecron-cli-'));
    await writeFile(join(dir, 'payload.json'), '{"fromFile":true}');
    const sent = await cliJson(['send', '--endpoint', endpointId, '--payload', `@${join(dir, 'payload.json')}`]);
    expect(sent.doc.payload).toEqual({ fromFile: true });
    await rm(dir, { recursive: true });
  });

  it('runs cancel stops a run that is waiting', async () => {
    const endpointId = await newEndpoint(receiver.url);
    const sent = await cliJson(['send', '--endpoint', endpointId, '--payload', '{}', '--delay-ms', '600000']);
    const cancelled = await cliJson(['runs', 'cancel', sent.doc.id]);
    expect(cancelled.code).toBe(0);
    expect(cancelled.doc.status).toBe('cancelled');
    const again = await cliJson(['runs', 'cancel', sent.doc.id]);
    expect(again.code).toBe(1);
    expect(again.doc.error).toMatchObject({ kind: 'api', status: 409 });
  });

  it('runs cancel waits out an attempt in flight (the API answers 409 meanwhile), then cancels', async () => {
    // The receiver holds each call 2 s, then fails it: the run is `running` while the CLI is asked to cancel.
    const slow = await startReceiver((_req, _i, res) => void setTimeout(() => res.writeHead(503).end(), 2_000));
    try {
      const policy = await createPolicy({ strategy: 'fixed', initialIntervalMs: 30_000, maxIntervalMs: 30_000, maxAttempts: 5 });
      const endpoint = (await api('POST', '/v1/endpoints', { url: slow.url, retryPolicyId: policy.id })).body;
      const run = (await api('POST', '/v1/task-runs', { endpointId: endpoint.id, payload: {} })).body;
      await slow.waitForRequests(1);
      expect((await api('POST', `/v1/task-runs/${run.id}/cancel`)).status).toBe(409);

      const cancelled = await cliJson(['runs', 'cancel', run.id]);
      expect(cancelled.code, cancelled.stderr).toBe(0);
      expect(cancelled.doc).toMatchObject({ id: run.id, status: 'cancelled', attemptCount: 1 });
      expect(cancelled.stderr).toContain('an attempt is in flight; cancelling once it ends');
      expect(slow.requests).toHaveLength(1);
    } finally {
      await slow.close();
    }
  });

  it('events publish fans out to the subscribed endpoint; runs list --event shows its run', async () => {
    const type = `cli.tested.${Date.now()}`;
    const endpointId = await newEndpoint(receiver.url, '--event-type', type);
    const published = await cliJson(['events', 'publish', '--type', type, '--payload', '{"n":1}']);
    expect(published.code).toBe(0);
    expect(published.doc.id).toMatch(/^evt_/);
    for (let i = 0; ; i++) {
      const runs = await cliJson(['runs', 'list', '--event', published.doc.id]);
      if (runs.doc.data.length > 0) {
        expect(runs.doc.data[0]).toMatchObject({ endpointId });
        expect(runs.doc.data[0].id).toMatch(/^run_/);
        break;
      }
      if (i > 30) throw new Error('no run for the event');
      await new Promise((r) => setTimeout(r, 500));
    }
  });

  it('runs tail prints new runs and their attempts as they happen, and stops on Ctrl-C', async () => {
    const endpointId = await newEndpoint(receiver.url);
    const tail = startCli(['runs', 'tail', '--endpoint', endpointId]);
    await tail.waitFor(/following new runs/);
    const sent = await cliJson(['send', '--endpoint', endpointId, '--payload', '{"tail":1}']);
    await tail.waitFor(new RegExp(`attempt ${sent.doc.id} #1 success 200`), 60_000);
    expect(tail.stdout()).toMatch(new RegExp(`run ${sent.doc.id}  new (pending|running|success)  api → ${endpointId}`));
    tail.child.kill('SIGINT');
    const done = await tail.done;
    expect(done.code).toBe(0);
  });

  it('runs tail --json --for: one JSON document of what it saw', async () => {
    const endpointId = await newEndpoint(receiver.url);
    const tail = startCli(['runs', 'tail', '--endpoint', endpointId, '--for', '8', '--json']);
    await tail.waitFor(/following new runs/);
    const sent = await cliJson(['send', '--endpoint', endpointId, '--payload', '{"tail":2}']);
    const done = await tail.done;
    expect(done.code).toBe(0);
    const doc = JSON.parse(done.stdout);
    expect(doc.runs.map((r: { id: string }) => r.id)).toContain(sent.doc.id);
    expect(doc.attempts).toContainEqual(expect.objectContaining({ taskRunId: sent.doc.id, status: 'success' }));
  });
});

describe('dead letters', () => {
  it('list, replay one, replay by filter (dry run, refusal without --yes, --yes), discard', async () => {
    const policy = await fastPolicy(1);
    const endpointId = await newEndpoint(failing.url);
    // The retry policy: through the API, as the CLI has no policy command.
    await api('PATCH', `/v1/endpoints/${endpointId}`, { retryPolicyId: policy.id });
    for (let i = 0; i < 3; i++) expect((await cliJson(['send', '--endpoint', endpointId, '--payload', `{"i":${i}}`, '--wait'])).doc.status).toBe('dead_letter');

    const open = await cliJson(['dead-letters', 'list', '--endpoint', endpointId, '--status', 'open']);
    expect(open.doc.data).toHaveLength(3);
    const [first, second] = open.doc.data as Array<{ id: string }>;

    const replayed = await cliJson(['dead-letters', 'replay', first!.id]);
    expect(replayed.code).toBe(0);
    expect(replayed.doc.deadLetter).toMatchObject({ id: first!.id, status: 'replayed' });
    expect(replayed.doc.taskRun).toMatchObject({ trigger: 'replay', endpointId });
    const discarded = await cliJson(['dead-letters', 'discard', second!.id]);
    expect(discarded.doc.status).toBe('discarded');

    // The receiver still refuses: the replayed run dead-letters again, so two are open: the third and the replay's.
    for (let i = 0; (await cliJson(['runs', 'get', replayed.doc.taskRun.id])).doc.status !== 'dead_letter'; i++) {
      if (i > 60) throw new Error('the replayed run did not finish');
      await new Promise((r) => setTimeout(r, 500));
    }
    const dry = await cliJson(['dead-letters', 'replay', '--endpoint', endpointId, '--dry-run']);
    expect(dry.doc).toMatchObject({ dryRun: true, count: 2 });
    const refused = await cli(['dead-letters', 'replay', '--endpoint', endpointId]);
    expect(refused.code).toBe(2);
    expect(refused.stderr).toContain('dry run: 2 open dead letters match');
    expect(refused.stderr).toContain('pass --yes');
    const bulk = await cliJson(['dead-letters', 'replay', '--endpoint', endpointId, '--yes']);
    expect(bulk.code).toBe(0);
    expect(bulk.doc).toMatchObject({ dryRun: false, count: 2 });
    expect(bulk.doc.id).toBeTruthy();
  }, 180_000);
});

describe('schedules', () => {
  it('create, list, pause, resume, trigger', async () => {
    const endpointId = await newEndpoint(receiver.url);
    const created = await cliJson(['schedules', 'create', '--endpoint', endpointId, '--cron', '0 3 * * *', '--timezone', 'Europe/Paris', '--payload', '{"nightly":true}']);
    expect(created.code).toBe(0);
    expect(created.doc).toMatchObject({ endpointId, kind: 'cron', cron: '0 3 * * *', timezone: 'Europe/Paris', paused: false });
    const id = created.doc.id;
    expect((await cliJson(['schedules', 'list', '--endpoint', endpointId])).doc.data.map((s: { id: string }) => s.id)).toEqual([id]);
    expect((await cliJson(['schedules', 'pause', id, '--note', 'maintenance'])).doc.paused).toBe(true);
    expect((await cliJson(['schedules', 'resume', id])).doc.paused).toBe(false);
    const before = receiver.requests.length;
    expect((await cliJson(['schedules', 'trigger', id])).code).toBe(0);
    for (let i = 0; receiver.requests.length === before; i++) {
      if (i > 60) throw new Error('the triggered schedule delivered nothing');
      await new Promise((r) => setTimeout(r, 500));
    }
    expect(receiver.requests.at(-1)!.body).toContain('nightly');
  }, 120_000);
});

describe('listen', () => {
  it('verifies and prints a real delivery (200); a forged one is answered 401 and printed INVALID SIGNATURE', async () => {
    const port = await freePort();
    const endpointId = await newEndpoint(`http://127.0.0.1:${port}/hooks`);
    const listen = startCli(['listen', '--port', String(port), '--endpoint', endpointId]);
    await listen.waitFor(/listening on http:\/\/127\.0\.0\.1:\d+/);

    const sent = await cliJson(['send', '--endpoint', endpointId, '--payload', '{"signed":"yes"}', '--wait']);
    expect(sent.doc.status).toBe('success');
    await listen.waitFor(new RegExp(`verified \\(${endpointId}\\)  webhook-id ${sent.doc.webhookId}`));
    expect(listen.stdout()).toMatch(/webhook-signature v1,\S+/);
    expect(listen.stdout()).toContain('{"signed":"yes"}');

    const forged = await fetch(`http://127.0.0.1:${port}/hooks`, {
      method: 'POST',
      headers: { 'webhook-id': 'msg_forged', 'webhook-timestamp': String(Math.floor(Date.now() / 1000)), 'webhook-signature': 'v1,' + Buffer.alloc(32).toString('base64') },
      body: '{"signed":"no"}',
    });
    expect(forged.status).toBe(401);
    await listen.waitFor(/INVALID SIGNATURE \(invalid_signature: .*\)  webhook-id msg_forged  answered 401/);
    listen.child.kill('SIGINT');
    expect((await listen.done).code).toBe(0);
  });

  it('--secret --json --for: one JSON document listing what it received', async () => {
    const port = await freePort();
    const secret = 'whsec_' + Buffer.from('a'.repeat(32)).toString('base64');
    const endpointId = await newEndpoint(`http://127.0.0.1:${port}/`, '--secret', secret);
    const listen = startCli(['listen', '--port', String(port), '--secret', secret, '--for', '10', '--json']);
    await listen.waitFor(/listening on/);
    await cliJson(['send', '--endpoint', endpointId, '--payload', '{"k":1}', '--wait']);
    await fetch(`http://127.0.0.1:${port}/`, { method: 'POST', body: 'x' });
    const done = await listen.done;
    expect(done.code).toBe(0);
    const doc = JSON.parse(done.stdout);
    expect(doc.received).toEqual([
      expect.objectContaining({ verified: true, endpoint: '--secret #1', payload: { k: 1 } }),
      expect.objectContaining({ verified: false, reason: expect.stringContaining('missing_headers') }),
    ]);
    expect(done.stderr).toContain('INVALID SIGNATURE');
  });
});

describe('settings and exit codes', () => {
  it('reads the key from .edgecron/api-key in the working directory when no flag or variable gives one', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'edgecron-cli-key-'));
    await mkdir(join(dir, '.edgecron'));
    await writeFile(join(dir, '.edgecron', 'api-key'), inject('apiKey') + '\n');
    const env = cliEnv({ EDGECRON_API_KEY: undefined });
    expect((await cli(['endpoints', 'list'], { env, cwd: dir })).code).toBe(0);
    expect((await cli(['endpoints', 'list'], { env, cwd: tmpdir() })).code).toBe(1); // no key anywhere: 401
    await rm(dir, { recursive: true });
  });

  it('1: the API problem with its status, title, detail and traceId', async () => {
    const human = await cli(['runs', 'get', 'run_doesnotexist']);
    expect(human.code).toBe(1);
    expect(human.stdout).toBe('');
    expect(human.stderr).toMatch(/^404 Task run not found: .+\n  traceId [0-9a-f]{32}\n$/);
    const bad = await cliJson(['endpoints', 'list', '--api-key', 'ek_wrong']);
    expect(bad.code).toBe(1);
    expect(bad.doc.error).toMatchObject({ kind: 'api', status: 401 });
  });

  it('2: usage, naming what is wrong', async () => {
    for (const [args, message] of [
      [['frobnicate'], 'unknown command "frobnicate"'],
      [['endpoints', 'list', '--colour', 'red'], 'unknown flag --colour'],
      [['send', '--endpoint', 'ep_x', '--payload', '{nope'], '--payload is not JSON'],
      [['listen', '--port', '4000'], 'give --endpoint'],
      [[], 'no command given'],
    ] as const) {
      const r = await cliJson([...args]);
      expect(r.code, args.join(' ')).toBe(2);
      expect(r.doc.error.kind).toBe('usage');
      expect(r.stderr).toContain(message);
    }
  });

  it('3: the API unreachable', async () => {
    const url = `http://127.0.0.1:${await freePort()}`;
    const r = await cliJson(['endpoints', 'list', '--url', url]);
    expect(r.code).toBe(3);
    expect(r.doc.error).toMatchObject({ kind: 'unreachable', url });
    expect(r.stderr).toContain(`cannot reach the EdgeCron API at ${url}`);
  });

  it('--help and --version', async () => {
    const help = await cli(['--help']);
    expect(help.code).toBe(0);
    for (const command of ['endpoints', 'send', 'events publish', 'runs tail', 'dead-letters replay', 'schedules', 'listen']) expect(help.stdout).toContain(`edgecron ${command}`);
    expect((await cliJson(['--version'])).doc.version).toMatch(/^\d+\.\d+\.\d+/);
  });
});
