// The `edgecron` command, on the SDK: parses the command line, runs one command, and maps what went
// wrong to an exit code (0 ok, 1 API problem, 2 usage, 3 unreachable).
import { readFile } from 'node:fs/promises';
import { createInterface } from 'node:readline/promises';
import { EdgeCron } from '../client';
import { Flags, parseArgs } from './args';
import type { Command, CommandGroup } from './context';
import { deadLetters } from './commands/dead-letters';
import { endpoints } from './commands/endpoints';
import { events } from './commands/events';
import { listen } from './commands/listen';
import { runs } from './commands/runs';
import { schedules } from './commands/schedules';
import { send } from './commands/send';
import { describeFailure, EXIT, UsageError } from './exit';
import { HELP } from './help';
import { Output, type Io } from './output';
import { DEFAULT_URL, resolveSettings } from './settings';

const COMMANDS: Record<string, Command | CommandGroup> = {
  endpoints,
  send,
  events,
  runs,
  'dead-letters': deadLetters,
  schedules,
  listen,
};

export interface MainOptions {
  version: string;
  io?: Io;
  env?: Record<string, string | undefined>;
  cwd?: string;
}

const processIo: Io = { stdout: (t) => void process.stdout.write(t), stderr: (t) => void process.stderr.write(t) };

function pick(words: string[]): { command: Command; used: number } {
  const [name, sub] = words;
  const entry = name === undefined ? undefined : COMMANDS[name];
  if (!entry) throw new UsageError(name ? `unknown command "${name}"` : 'no command given');
  if (typeof entry === 'function') return { command: entry, used: 1 };
  const command = sub === undefined ? undefined : entry[sub];
  if (!command) throw new UsageError(`${name} ${sub ? `has no "${sub}"` : 'needs one of'}: ${Object.keys(entry).join(', ')}`);
  return { command, used: 2 };
}

/** Until SIGINT or SIGTERM: long-running commands (tail, listen) end cleanly on either. */
function untilStopped(): Promise<void> {
  return new Promise((resolve) => {
    const stop = () => resolve();
    process.once('SIGINT', stop);
    process.once('SIGTERM', stop);
  });
}

async function confirm(question: string): Promise<boolean> {
  if (!process.stdin.isTTY) return false;
  const rl = createInterface({ input: process.stdin, output: process.stderr });
  try {
    return /^y(es)?$/i.test((await rl.question(question)).trim());
  } finally {
    rl.close();
  }
}

export async function main(argv: readonly string[], o: MainOptions): Promise<number> {
  const io = o.io ?? processIo;
  const json = argv.includes('--json');
  const out = new Output(json, io);
  let baseUrl = DEFAULT_URL;
  try {
    const args = parseArgs(argv);
    if (args.switches.has('version')) return out.result({ version: o.version }, [o.version]), EXIT.ok;
    if (args.switches.has('help') || args.words.length === 0) {
      if (args.words.length === 0 && !args.switches.has('help')) throw new UsageError('no command given');
      io.stdout(HELP);
      return EXIT.ok;
    }
    args.switches.delete('json');
    const { command, used } = pick(args.words);
    args.words = args.words.slice(used);
    const flags = new Flags(args);
    const settings = resolveSettings(flags, o.env ?? process.env, o.cwd ?? process.cwd());
    baseUrl = settings.baseUrl;
    const client = new EdgeCron({ ...settings, maxRetries: 1 });
    await command({ flags, client, out, stopped: untilStopped(), readFile: (p) => readFile(p, 'utf8'), confirm });
    return EXIT.ok;
  } catch (err) {
    const failure = describeFailure(err, baseUrl);
    if (json) io.stdout(JSON.stringify(failure.json, null, 2) + '\n');
    for (const line of failure.lines) io.stderr(line + '\n');
    return failure.code;
  }
}
