// Where `npm start` puts each part's output: PostgreSQL's and Temporal's own text in a file each under
// the log folder (their init banners and warnings are not EdgeCron's to show), the stack's steps on the
// terminal.
import { createWriteStream, type WriteStream } from 'node:fs';
import { join } from 'node:path';

const THIRD_PARTY = new Set(['postgres', 'temporal']);

export interface ComponentLogs {
  log: (source: string, line: string) => void;
  close(): Promise<void>;
}

export function componentLogs(dir: string, say: (line: string) => void): ComponentLogs {
  const files = new Map<string, WriteStream>();
  const file = (source: string) => {
    let stream = files.get(source);
    if (!stream) {
      stream = createWriteStream(join(dir, `${source}.log`), { flags: 'a' });
      files.set(source, stream);
    }
    return stream;
  };
  return {
    log(source, line) {
      if (!THIRD_PARTY.has(source)) return say(line);
      file(source).write(`${new Date().toISOString()} ${line}\n`);
      // A leftover server stopped at start-up is news for the terminal too.
      if (line.includes('left behind')) say(line);
    },
    close: () => Promise.all([...files.values()].map((s) => new Promise<void>((done) => s.end(done)))).then(() => undefined),
  };
}
