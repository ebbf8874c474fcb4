// The command line as the CLI reads it: words, then `--flag value`, `--flag=value` or a bare switch.
import { UsageError } from './exit';

export interface Args {
  words: string[];
  values: Map<string, string[]>;
  switches: Set<string>;
}

/** Flags that take no value; every other flag needs one. */
const SWITCHES = new Set(['json', 'yes', 'dry-run', 'help', 'version', 'wait']);

export function parseArgs(argv: readonly string[]): Args {
  const args: Args = { words: [], values: new Map(), switches: new Set() };
  for (let i = 0; i < argv.length; i++) {
    const token = argv[i]!;
    if (!token.startsWith('--')) {
      args.words.push(token);
      continue;
    }
    const eq = token.indexOf('=');
    const name = token.slice(2, eq === -1 ? undefined : eq);
    if (SWITCHES.has(name)) {
      if (eq !== -1) throw new UsageError(`--${name} takes no value`);
      args.switches.add(name);
      continue;
    }
    const value = eq === -1 ? argv[++i] : token.slice(eq + 1);
    if (value === undefined || (eq === -1 && value.startsWith('--'))) throw new UsageError(`--${name} needs a value`);
    args.values.set(name, [...(args.values.get(name) ?? []), value]);
  }
  return args;
}

/** Reads a command's flags, refusing any the command does not know. */
export class Flags {
  private readonly used = new Set(['url', 'api-key']);
  constructor(private readonly args: Args) {}

  optional(name: string): string | undefined {
    this.used.add(name);
    const all = this.args.values.get(name);
    if (all && all.length > 1) throw new UsageError(`--${name} given more than once`);
    return all?.[0];
  }
  required(name: string, hint = 'value'): string {
    const value = this.optional(name);
    if (value === undefined) throw new UsageError(`--${name} <${hint}> is required`);
    return value;
  }
  many(name: string): string[] {
    this.used.add(name);
    return this.args.values.get(name) ?? [];
  }
  integer(name: string): number | undefined {
    const raw = this.optional(name);
    if (raw === undefined) return undefined;
    if (!/^\d+$/.test(raw)) throw new UsageError(`--${name} must be a whole number, not "${raw}"`);
    return Number(raw);
  }
  switch(name: string): boolean {
    return this.args.switches.has(name);
  }
  /** The single word after the command, e.g. an id. */
  word(index: number, what: string): string {
    const value = this.args.words[index];
    if (!value) throw new UsageError(`missing <${what}>`);
    return value;
  }
  optionalWord(index: number): string | undefined {
    return this.args.words[index];
  }
  /** Call last: a flag nobody read is a typo or a flag of another command. */
  done(maxWords: number): void {
    for (const name of this.args.values.keys()) if (!this.used.has(name)) throw new UsageError(`unknown flag --${name}`);
    if (this.args.words.length > maxWords) throw new UsageError(`unexpected "${this.args.words[maxWords]}"`);
  }
}

/** --payload as JSON text, or @file holding JSON. */
export async function jsonFlag(flags: Flags, name: string, read: (path: string) => Promise<string>): Promise<unknown> {
  const raw = flags.optional(name);
  if (raw === undefined) return undefined;
  const text = raw.startsWith('@') ? await read(raw.slice(1)) : raw;
  try {
    return JSON.parse(text);
  } catch {
    throw new UsageError(`--${name} is not JSON: ${text.slice(0, 80)}`);
  }
}
