// Freezing a server as a hung host would: SIGSTOP to a process and every descendant (PostgreSQL's
// backends are children of its postmaster), SIGCONT to wake them. Linux /proc only.
import { readdirSync, readFileSync } from 'node:fs';

export function parentOf(pid: number): number | undefined {
  try {
    // /proc/<pid>/stat: "pid (comm) state ppid …"; comm may hold spaces, so read after the last ')'.
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
  } catch {
    return undefined;
  }
}

/** The process and all its descendants, parents first. */
export function processTree(root: number): number[] {
  const all = readdirSync('/proc').filter((d) => /^\d+$/.test(d)).map(Number);
  const children = new Map<number, number[]>();
  for (const pid of all) {
    const parent = parentOf(pid);
    if (parent !== undefined) children.set(parent, [...(children.get(parent) ?? []), pid]);
  }
  const out: number[] = [];
  const walk = (pid: number) => {
    out.push(pid);
    for (const child of children.get(pid) ?? []) walk(child);
  };
  walk(root);
  return out;
}

/** Stops the whole tree (parent first, so it forks nothing new); returns the pids it stopped. */
export function freezeTree(root: number): number[] {
  const pids = processTree(root);
  for (const pid of pids) process.kill(pid, 'SIGSTOP');
  return pids;
}

export function thawTree(pids: number[]): void {
  for (const pid of [...pids].reverse()) {
    try {
      process.kill(pid, 'SIGCONT');
    } catch {
      // gone meanwhile
    }
  }
}
