// Resident memory of a process and all its descendants, from /proc (Linux): PostgreSQL is a postmaster
// and a backend per connection, so its memory is the sum over the tree (shared buffers counted in each
// process that touched them, as `ps` would).
import { readdirSync, readFileSync } from 'node:fs';

function parentAndRssKb(pid: number): { ppid: number; rssKb: number } | undefined {
  try {
    const status = readFileSync(`/proc/${pid}/status`, 'utf8');
    return { ppid: Number(/PPid:\s+(\d+)/.exec(status)?.[1] ?? 0), rssKb: Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? 0) };
  } catch {
    return undefined; // ended between the listing and the read
  }
}

/** MB, one decimal; undefined when the root process is gone. */
export function treeRssMb(root: number | undefined): number | undefined {
  if (root === undefined) return undefined;
  const byParent = new Map<number, number[]>();
  const rss = new Map<number, number>();
  for (const name of readdirSync('/proc')) {
    if (!/^\d+$/.test(name)) continue;
    const s = parentAndRssKb(Number(name));
    if (!s) continue;
    rss.set(Number(name), s.rssKb);
    byParent.set(s.ppid, [...(byParent.get(s.ppid) ?? []), Number(name)]);
  }
  if (!rss.has(root)) return undefined;
  let kb = 0;
  const todo = [root];
  while (todo.length > 0) {
    const pid = todo.pop()!;
    kb += rss.get(pid) ?? 0;
    todo.push(...(byParent.get(pid) ?? []));
  }
  return Math.round(kb / 102.4) / 10;
}
