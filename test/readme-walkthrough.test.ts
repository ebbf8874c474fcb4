// The README's walk-through, run as written: its shell block, in order, in bash, against the test stack,
// with only the host and ports its first lines set swapped for the stack's. What a reader would see
// is checked on the way (verified deliveries, the forged one refused, the retry, the dead letter and its
// replay), and the outcomes through the API afterwards.
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, readFile, rm, symlink } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, expect, inject, it } from 'vitest';
import { freePort } from '../src/stack/free-port';
import { api, waitFor } from './helpers/api';
import { CLI_BIN } from './helpers/cli';
import { deleteEndpointsWhere } from './helpers/endpoints';

const shimDirs: string[] = [];
/** The walk-through's receiver ports: its endpoints (subscribed to invoice events) point there. */
const ports: number[] = [];
afterAll(async () => {
  // Its receivers are gone: left active, its endpoints would take a share of later files' invoice events.
  await deleteEndpointsWhere((e) => ports.some((p) => e.url?.startsWith(`http://127.0.0.1:${p}/`)));
  for (const dir of shimDirs) await rm(dir, { recursive: true, force: true });
});

/** The first ```sh block under "## Walk-through". */
export function walkthroughScript(readme: string): string {
  const section = readme.slice(readme.indexOf('## Walk-through'));
  const block = /```sh\n([\s\S]*?)```/.exec(section.slice(0, section.indexOf('\n## ', 5)));
  if (!block) throw new Error('no sh block in the README walk-through');
  return block[1]!;
}

function substitute(script: string, settings: { url: string; listenPort: number; closedPort: number }): string {
  const swaps: Array<[RegExp, string]> = [
    [/^export EDGECRON_URL=\S+/m, `export EDGECRON_URL=${settings.url}`],
    [/^LISTEN_PORT=\d+/m, `LISTEN_PORT=${settings.listenPort}`],
    [/^CLOSED_PORT=\d+/m, `CLOSED_PORT=${settings.closedPort}`],
  ];
  for (const [pattern, replacement] of swaps) {
    if (!pattern.test(script)) throw new Error(`the walk-through no longer sets ${pattern}`);
    script = script.replace(pattern, replacement);
  }
  return script;
}

it('runs in order on the real stack and shows each step', async () => {
  ports.push(await freePort(), await freePort());
  const script = substitute(walkthroughScript(await readFile('README.md', 'utf8')), {
    url: inject('apiUrl'),
    listenPort: ports[0]!,
    closedPort: ports[1]!,
  });
  // `npm install` links the bin into node_modules/.bin; a worktree sharing another checkout's
  // node_modules may not have it yet, so the same bin file is also found further down PATH.
  let path = process.env.PATH!;
  if (!existsSync(resolve('node_modules/.bin/edgecron'))) {
    const dir = await mkdtemp(join(tmpdir(), 'edgecron-bin-'));
    shimDirs.push(dir);
    await symlink(CLI_BIN, join(dir, 'edgecron'));
    path = `${path}:${dir}`;
  }
  const child = spawn('bash', ['-c', `set -euo pipefail\n${script}`], {
    env: { PATH: path, HOME: process.env.HOME, EDGECRON_API_KEY: inject('apiKey') },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout.on('data', (c: Buffer) => (output += c.toString()));
  child.stderr.on('data', (c: Buffer) => (output += c.toString()));
  // Its output is whole at `close`; but a background listener the script failed to stop would hold the
  // pipes open for good, so after `exit` it waits for `close` a short while only.
  const closed = new Promise((r) => child.once('close', r));
  const code = await new Promise<number | null>((r) => child.once('exit', r));
  await Promise.race([closed, new Promise((r) => setTimeout(r, 2_000))]);
  expect(code, output).toBe(0);

  // 1-3: both endpoints listed; the direct run delivered, verified by `edgecron listen`, and shown with its attempt.
  const endpoints = [...output.matchAll(/^(ep_\w+)\s+active\s+http:\/\/127\.0\.0\.1:\d+\/(billing|ledger)/gm)].map((m) => [m[2], m[1]]);
  const ep = Object.fromEntries(endpoints) as Record<string, string>;
  expect(Object.keys(ep).sort()).toEqual(['billing', 'ledger']);
  expect(output).toMatch(new RegExp(`verified \\(${ep.billing}\\)  webhook-id \\S+  webhook-timestamp \\d+`));
  expect(output).toContain('{"invoice":"inv_42"}');
  expect(output).toMatch(/status\s+success[\s\S]*#1 success 200 \d+ ms/);
  // 4: the event reached both endpoints (the ledger gets nothing else), each delivery verified with its own secret.
  const runsOf = async (endpointId: string) => (await api('GET', `/v1/task-runs?endpointId=${endpointId}`)).body.data as Array<{ trigger: string; status: string }>;
  for (const endpointId of [ep.billing!, ep.ledger!]) {
    await waitFor(() => runsOf(endpointId), (runs) => runs.some((r) => r.trigger === 'event' && r.status === 'success'), 60_000, 500);
  }
  expect(output).toMatch(new RegExp(`verified \\(${ep.ledger}\\)`));
  expect(output).toContain('{"data":{"amount":4200,"invoice":"inv_43"},"type":"invoice.paid"'); // the event envelope
  // 5: the schedule was created, fired once by trigger, then paused.
  expect(output).toMatch(/triggered sch_\w+/);
  expect(output).toMatch(/paused\s+true/);
  // 6: the forged request: 401 for curl, INVALID SIGNATURE on the receiver.
  expect(output).toMatch(/^401$/m);
  expect(output).toMatch(/INVALID SIGNATURE \(invalid_signature: [^)]*\)  webhook-id msg_forged  answered 401/);
  // 7: the retry, then the cancel.
  expect(output).toMatch(/status\s+retry_scheduled[\s\S]*#1 failed \S+ \d+ ms  retry/);
  expect(output).toMatch(/status\s+cancelled/);
  // 8: refused by the receiver (no secret for it), a dead letter, replayed after the restart, delivered.
  expect(output).toMatch(/INVALID SIGNATURE \(no secret|INVALID SIGNATURE \(invalid_signature/);
  expect(output).toMatch(/status\s+dead_letter/);
  expect(output).toContain('dry run: 1 open dead letter match');
  expect(output).toMatch(/replaying 1 dead letters at/);
  expect(output).toContain('{"invoice":"inv_45"}');
  const audit = (await api('GET', '/v1/endpoints?limit=100')).body.data.find((e: { description: string | null; url: string }) => e.description === 'audit' && e.url.endsWith('/audit'));
  await waitFor(() => runsOf(audit.id), (runs) => runs.some((r) => r.trigger === 'replay' && r.status === 'success'), 60_000, 500);
}, 300_000); // about 20 CLI calls, two receivers, a retry and a replay: a minute on a quiet machine
