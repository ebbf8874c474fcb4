// Runs `npm start` as a user does (its own process group, like a terminal's foreground job), on free
// ports with a data folder of its own, and finds every process it left behind.
import { spawn, type ChildProcess } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { freePort } from '../../src/stack/free-port';
import { parentOf, processTree } from '../chaos/helpers/process-tree';

export interface NpmStart {
  child: ChildProcess;
  /** Terminal output so far (stdout and stderr interleaved). */
  output(): string;
  apiUrl: string;
  /** Resolves with the exit code (or signal name) of `npm start`. */
  exited: Promise<number | string>;
}

export interface StackPorts {
  api: number;
  pg: number;
  temporal: number;
  ui: number;
  metrics: number;
}

export async function stackPorts(): Promise<StackPorts> {
  return { api: await freePort(), pg: await freePort(), temporal: await freePort(), ui: await freePort(), metrics: await freePort() };
}

export function stackEnv(dataDir: string, p: StackPorts): Record<string, string> {
  return {
    EDGECRON_DATA_DIR: dataDir,
    PORT: String(p.api),
    EDGECRON_PG_PORT: String(p.pg),
    EDGECRON_TEMPORAL_PORT: String(p.temporal),
    EDGECRON_TEMPORAL_UI_PORT: String(p.ui),
    WORKER_METRICS_PORT: String(p.metrics),
  };
}

/** `npm start` in a process group of its own; resolves when the start-up summary is printed (or it exits). */
export async function npmStart(env: Record<string, string>, timeoutMs = 120_000): Promise<NpmStart> {
  const { NODE_OPTIONS: _loader, VITEST: _v, ...inherited } = process.env;
  const child = spawn('npm', ['start', '--silent'], { env: { ...inherited, ...env }, detached: true, stdio: ['ignore', 'pipe', 'pipe'] });
  let text = '';
  child.stdout!.on('data', (c: Buffer) => (text += c.toString()));
  child.stderr!.on('data', (c: Buffer) => (text += c.toString()));
  const exited = new Promise<number | string>((resolve) => child.once('exit', (code, signal) => resolve(code ?? signal ?? -1)));
  const deadline = Date.now() + timeoutMs;
  let code: number | string | undefined;
  void exited.then((c) => (code = c));
  while (!/EdgeCron is up/.test(text) && code === undefined) {
    if (Date.now() > deadline) throw new Error(`npm start printed no summary in ${timeoutMs} ms:\n${text}`);
    await new Promise((r) => setTimeout(r, 200));
  }
  const apiUrl = /API\s+(http:\/\/\S+)/.exec(text)?.[1] ?? '';
  return { child, output: () => text, apiUrl, exited };
}

/** Every live process below `root` (not `root` itself). */
export function descendants(root: number): number[] {
  return processTree(root).slice(1);
}

export function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return parentOf(pid) !== undefined; // a zombie has a stat too, but its parent reaps it at once
  } catch {
    return false;
  }
}

/** Processes whose command line mentions `text` (the data folder: PostgreSQL's -D, Temporal's --db-filename). */
export function processesMentioning(text: string): number[] {
  const found: number[] = [];
  for (const d of readdirSync('/proc').filter((x) => /^\d+$/.test(x))) {
    try {
      if (readFileSync(`/proc/${d}/cmdline`, 'utf8').includes(text)) found.push(Number(d));
    } catch {
      /* gone meanwhile */
    }
  }
  return found.filter((pid) => pid !== process.pid);
}

/** Lines a user would read as trouble: a WARN or ERROR word, or a pino record at level 40 (warn) or above. */
export function troubleLines(text: string): string[] {
  return text.split('\n').filter((l) => /\b(WARN|WARNING|ERROR|FATAL)\b/i.test(l) || /"level":\s*(4|5|6)0\b/.test(l));
}
