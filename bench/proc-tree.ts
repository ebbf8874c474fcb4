// Process trees from /proc (Linux): a part of the stack is a process and its descendants (PostgreSQL
// forks a backend per connection), so CPU and memory are summed over the tree. One listing of /proc
// per reading; each reader takes what it needs from a process's own file.
import { readdirSync } from 'node:fs';

/** Every live process that `read` could read (one that ends between the listing and the read is skipped). */
export function listProcesses<T extends { ppid: number }>(read: (pid: number) => T | undefined): Map<number, T> {
  const procs = new Map<number, T>();
  for (const name of readdirSync('/proc')) {
    if (!/^\d+$/.test(name)) continue;
    const p = read(Number(name));
    if (p) procs.set(Number(name), p);
  }
  return procs;
}

/** `value` summed over `root` and every live descendant; undefined when `root` is not among `procs`. */
export function sumOverTree<T extends { ppid: number }>(root: number, procs: Map<number, T>, value: (p: T) => number): number | undefined {
  if (!procs.has(root)) return undefined;
  const children = new Map<number, number[]>();
  for (const [pid, p] of procs) children.set(p.ppid, [...(children.get(p.ppid) ?? []), pid]);
  let sum = 0;
  const todo = [root];
  while (todo.length > 0) {
    const pid = todo.pop()!;
    const p = procs.get(pid);
    if (p) sum += value(p);
    todo.push(...(children.get(pid) ?? []));
  }
  return sum;
}
