// CPU of each part of the stack over a phase, per delivery: where a run's time goes (issue 21's cost
// table). A part is a process tree (PostgreSQL forks a backend per connection), read from /proc.
import { readFileSync } from 'node:fs';
import { listProcesses, sumOverTree } from './proc-tree';

const TICKS_PER_SECOND = 100; // USER_HZ on Linux

export const STACK_PARTS = ['api', 'worker', 'temporal', 'postgres', 'bench'] as const;
export type StackPart = (typeof STACK_PARTS)[number];
/** Root process of each part; `bench` is this process alone (T0's client and worker live in it). */
export type StackPids = Partial<Record<StackPart, number>>;
/** CPU milliseconds per delivery, by part (absent: not measured). */
export type CpuPerDelivery = Partial<Record<StackPart, number>>;

interface ProcStat {
  ppid: number;
  /** utime + stime, in ticks */
  own: number;
  /** cutime + cstime: children this process has reaped (PostgreSQL's ended backends) */
  reaped: number;
}

function readStat(pid: number): ProcStat | undefined {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // After "pid (comm) ": state, ppid, …; utime..cstime are fields 14–17 (indexes 11–14 here).
    const f = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return { ppid: Number(f[1]), own: Number(f[11]) + Number(f[12]), reaped: Number(f[13]) + Number(f[14]) };
  } catch {
    return undefined; // ended between the listing and the read
  }
}

/** CPU seconds of a process and every live descendant; an ended descendant counts in whoever reaped it. */
const treeCpuSeconds = (root: number, stats: Map<number, ProcStat>) =>
  (sumOverTree(root, stats, (s) => s.own + s.reaped) ?? 0) / TICKS_PER_SECOND;

function snapshot(pids: StackPids): Partial<Record<StackPart, number>> {
  const stats = listProcesses(readStat);
  const out: Partial<Record<StackPart, number>> = {};
  for (const part of STACK_PARTS) {
    const pid = pids[part];
    if (pid === undefined) continue;
    // This process's children are the stack itself: count only its own time.
    out[part] = part === 'bench' ? (stats.get(pid)?.own ?? 0) / TICKS_PER_SECOND : treeCpuSeconds(pid, stats);
  }
  return out;
}

/** Starts measuring now; `stop(deliveries)` gives each part's CPU milliseconds per delivery since. */
export function watchStackCpu(pids: StackPids) {
  const before = snapshot(pids);
  return {
    stop(deliveries: number): CpuPerDelivery {
      const after = snapshot(pids);
      const out: CpuPerDelivery = {};
      for (const part of STACK_PARTS) {
        if (before[part] === undefined || after[part] === undefined) continue;
        out[part] = Math.round(((after[part]! - before[part]!) * 1000 * 100) / Math.max(1, deliveries)) / 100;
      }
      return out;
    },
  };
}
