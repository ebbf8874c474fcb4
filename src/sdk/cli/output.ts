// What a command prints: readable lines by default; with --json exactly one JSON document on stdout and
// everything else on stderr.
export interface Io {
  stdout: (text: string) => void;
  stderr: (text: string) => void;
}

export class Output {
  constructor(
    readonly json: boolean,
    private readonly io: Io,
  ) {}

  /** The command's result: `doc` under --json, `lines` otherwise. */
  result(doc: unknown, lines: string[] | (() => string[])): void {
    if (this.json) this.io.stdout(JSON.stringify(doc, null, 2) + '\n');
    else for (const line of typeof lines === 'function' ? lines() : lines) this.io.stdout(line + '\n');
  }

  /** A line as things happen (tail, listen): stdout normally, stderr under --json. */
  event(line: string): void {
    (this.json ? this.io.stderr : this.io.stdout)(line + '\n');
  }

  /** Notes and prompts: always stderr. */
  note(line: string): void {
    this.io.stderr(line + '\n');
  }
}

/** Rows as aligned columns, with a header. */
export function table(header: string[], rows: Array<Array<string | number | null | undefined>>): string[] {
  const cells = [header, ...rows.map((r) => r.map((c) => (c === null || c === undefined ? '-' : String(c))))];
  const widths = header.map((_, i) => Math.max(...cells.map((r) => r[i]!.length)));
  return cells.map((r) => r.map((c, i) => (i === r.length - 1 ? c : c.padEnd(widths[i]!))).join('  '));
}

/** An object as `key  value` lines, nested values as JSON. */
export function fields(record: Record<string, unknown>, keys: string[]): string[] {
  const width = Math.max(...keys.map((k) => k.length));
  return keys.filter((k) => k in record).map((k) => {
    const v = record[k];
    return `${k.padEnd(width)}  ${v === null || v === undefined ? '-' : typeof v === 'object' ? JSON.stringify(v) : String(v)}`;
  });
}
