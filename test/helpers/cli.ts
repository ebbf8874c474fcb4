// Runs the `edgecron` command as a user does: a separate node process on the SDK's bin, with only the
// environment a shell would give it, against the test stack.
import { spawn, type ChildProcess } from 'node:child_process';
import { resolve } from 'node:path';
import { inject } from 'vitest';

export const CLI_BIN = resolve('src/sdk/bin/edgecron.mjs');

export interface CliResult {
  code: number;
  stdout: string;
  stderr: string;
}

export function cliEnv(extra: Record<string, string | undefined> = {}): Record<string, string> {
  const env: Record<string, string | undefined> = { PATH: process.env.PATH, HOME: process.env.HOME, EDGECRON_URL: inject('apiUrl'), EDGECRON_API_KEY: inject('apiKey'), ...extra };
  return Object.fromEntries(Object.entries(env).filter((e): e is [string, string] => e[1] !== undefined));
}

export interface CliProcess {
  child: ChildProcess;
  stdout(): string;
  stderr(): string;
  done: Promise<CliResult>;
  /** Resolves once stdout or stderr matches. */
  waitFor(pattern: RegExp, timeoutMs?: number): Promise<void>;
}

export function startCli(args: string[], o: { env?: Record<string, string>; cwd?: string } = {}): CliProcess {
  const child = spawn(process.execPath, [CLI_BIN, ...args], { env: o.env ?? cliEnv(), cwd: o.cwd, stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  child.stdout!.on('data', (c: Buffer) => (stdout += c.toString()));
  child.stderr!.on('data', (c: Buffer) => (stderr += c.toString()));
  const done = new Promise<CliResult>((res) => child.once('close', (code) => res({ code: code ?? -1, stdout, stderr })));
  return {
    child,
    stdout: () => stdout,
    stderr: () => stderr,
    done,
    async waitFor(pattern, timeoutMs = 60_000) {
      const deadline = Date.now() + timeoutMs;
      while (!pattern.test(stdout) && !pattern.test(stderr)) {
        if (Date.now() > deadline) throw new Error(`no ${pattern} in ${timeoutMs} ms; stdout:\n${stdout}\nstderr:\n${stderr}`);
        if (child.exitCode !== null) throw new Error(`edgecron exited ${child.exitCode} before ${pattern}; stdout:\n${stdout}\nstderr:\n${stderr}`);
        await new Promise((r) => setTimeout(r, 100));
      }
    },
  };
}

export const cli = (args: string[], o: { env?: Record<string, string>; cwd?: string } = {}) => startCli(args, o).done;

/** Runs with --json and parses stdout, which must be exactly one JSON document. */
export async function cliJson(args: string[], o: { env?: Record<string, string>; cwd?: string } = {}): Promise<{ code: number; doc: any; stderr: string }> {
  const r = await cli([...args, '--json'], o);
  return { code: r.code, doc: JSON.parse(r.stdout), stderr: r.stderr };
}
