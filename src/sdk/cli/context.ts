// What every command gets: its flags, an SDK client on the resolved settings, and where to print.
import type { EdgeCron } from '../client';
import type { Flags } from './args';
import type { Output } from './output';

export interface Context {
  flags: Flags;
  client: EdgeCron;
  out: Output;
  /** Resolves when the user stops a long-running command (Ctrl-C, SIGTERM). */
  stopped: Promise<void>;
  readFile: (path: string) => Promise<string>;
  /** Asks on the terminal; false when there is none to ask on. */
  confirm: (question: string) => Promise<boolean>;
}

export type Command = (ctx: Context) => Promise<void>;
export type CommandGroup = Record<string, Command>;
