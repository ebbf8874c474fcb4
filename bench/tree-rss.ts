// Resident memory of a process and all its descendants: PostgreSQL is a postmaster and a backend per
// connection, so its memory is the sum over the tree (shared buffers counted in each process that
// touched them, as `ps` would).
import { readFileSync } from 'node:fs';
import { listProcesses, sumOverTree } from './proc-tree';

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
  const kb = sumOverTree(root, listProcesses(parentAndRssKb), (p) => p.rssKb);
  return kb === undefined ? undefined : Math.round(kb / 102.4) / 10;
}
