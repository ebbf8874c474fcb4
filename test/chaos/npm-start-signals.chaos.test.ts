// `npm start` stops cleanly however it is told to: Ctrl-C in a terminal (SIGINT to the whole process
// group), a process manager's SIGTERM to the top process, or SIGINT to the top process. Each time the
// supervisor stops the API, then the worker, then Temporal and PostgreSQL: no WARN or ERROR line on the
// terminal or in EdgeCron's log, and no process left. A start after `kill -9` of the supervisor finds the
// PostgreSQL and Temporal it left and stops them before starting afresh.
import { chmod, mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { alive, descendants, npmStart, processesMentioning, stackEnv, stackPorts, troubleLines, type NpmStart } from '../helpers/npm-start';

const folders: string[] = [];
async function dataFolder(): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'edgecron-npm-start-'));
  await chmod(dir, 0o755); // as root, PostgreSQL runs as its own user and must reach this folder
  folders.push(dir);
  return join(dir, 'data');
}

afterAll(async () => {
  for (const dir of folders) {
    for (const pid of processesMentioning(dir)) process.kill(pid, 'SIGKILL');
    await rm(dir, { recursive: true, force: true });
  }
});

async function waitUntilGone(pids: number[], timeoutMs = 60_000): Promise<number[]> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const left = pids.filter(alive);
    if (left.length === 0 || Date.now() > deadline) return left;
    await new Promise((r) => setTimeout(r, 250));
  }
}

async function expectCleanStop(started: NpmStart, dataDir: string, tree: number[]) {
  expect(await started.exited).toBe(0);
  expect(await waitUntilGone([started.child.pid!, ...tree])).toEqual([]);
  expect(processesMentioning(dataDir)).toEqual([]);
  const terminal = started.output();
  expect(terminal).toMatch(/API stopped[\s\S]*worker stopped[\s\S]*Temporal stopped[\s\S]*PostgreSQL stopped[\s\S]*\[edgecron\] stopped/);
  expect(troubleLines(terminal)).toEqual([]);
  expect(troubleLines(await readFile(join(dataDir, 'logs', 'edgecron.log'), 'utf8'))).toEqual([]);
}

async function startAndCheck(dataDir: string) {
  const started = await npmStart(stackEnv(dataDir, await stackPorts()));
  expect(started.output()).toContain('EdgeCron is up');
  const health = await fetch(`${started.apiUrl}/healthz`);
  expect(health.status).toBe(200);
  // PostgreSQL, Temporal, the supervisor: everything that must be gone afterwards.
  const tree = descendants(started.child.pid!);
  expect(processesMentioning(dataDir).length).toBeGreaterThanOrEqual(2);
  return { started, tree };
}

describe('npm start stops cleanly', () => {
  it('Ctrl-C: SIGINT to its whole process group', async () => {
    const dataDir = await dataFolder();
    const { started, tree } = await startAndCheck(dataDir);
    process.kill(-started.child.pid!, 'SIGINT');
    await expectCleanStop(started, dataDir, tree);
  });

  it('a process manager: SIGTERM to the npm start process only', async () => {
    const dataDir = await dataFolder();
    const { started, tree } = await startAndCheck(dataDir);
    process.kill(started.child.pid!, 'SIGTERM');
    await expectCleanStop(started, dataDir, tree);
  });

  it('SIGINT to the npm start process only', async () => {
    const dataDir = await dataFolder();
    const { started, tree } = await startAndCheck(dataDir);
    process.kill(started.child.pid!, 'SIGINT');
    await expectCleanStop(started, dataDir, tree);
  });
});

describe('a start after kill -9 of the supervisor', () => {
  it('stops the PostgreSQL and Temporal the killed one left, then starts and stops cleanly', async () => {
    const dataDir = await dataFolder();
    const env = stackEnv(dataDir, await stackPorts());
    const first = await npmStart(env);
    const supervisor = descendants(first.child.pid!).find((pid) => processesMentioning('local-stack.ts').includes(pid))!;
    expect(supervisor).toBeDefined();
    process.kill(supervisor, 'SIGKILL');
    await first.exited;
    const orphans = processesMentioning(dataDir);
    expect(orphans.length).toBeGreaterThanOrEqual(2); // PostgreSQL and Temporal kept running

    const second = await npmStart(env);
    expect(second.output()).toContain('EdgeCron is up');
    expect(second.output()).toMatch(/stopping the PostgreSQL \(pid \d+\) an earlier run of this folder left behind/);
    expect(second.output()).toMatch(/stopping the Temporal dev server \(pid \d+\) an earlier run of this folder left behind/);
    expect(orphans.filter(alive)).toEqual([]);
    expect((await fetch(`${second.apiUrl}/healthz`)).status).toBe(200);
    const tree = descendants(second.child.pid!);
    process.kill(-second.child.pid!, 'SIGINT');
    await expectCleanStop(second, dataDir, tree);
  });

  it('explains in one line when another program holds the port', async () => {
    const dataDir = await dataFolder();
    const ports = await stackPorts();
    const { createServer } = await import('node:net');
    const squatter = createServer().listen(ports.pg, '127.0.0.1');
    await new Promise((r) => squatter.once('listening', r));
    try {
      const started = await npmStart(stackEnv(dataDir, ports));
      expect(await started.exited).toBe(1);
      expect(started.output()).toContain(`[edgecron] could not start: PostgreSQL: port ${ports.pg} on 127.0.0.1 is held by another program (not this folder's stack); stop it or set EDGECRON_PG_PORT to a free port`);
      expect(started.output()).not.toMatch(/at .*\.ts:\d+|undefined/);
    } finally {
      squatter.close();
    }
  });
});
