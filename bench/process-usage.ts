// CPU seconds and resident memory of a process, read from /proc (Linux): the API and the worker run
// as child processes so each can be measured on its own.
import { readFileSync } from 'node:fs';

const TICKS_PER_SECOND = 100; // USER_HZ on Linux

export function cpuSeconds(pid: number): number {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  // After "pid (comm) ": field 3 is state, so utime (14) and stime (15) sit at indexes 11 and 12.
  return (Number(fields[11]) + Number(fields[12])) / TICKS_PER_SECOND;
}

export function rssMb(pid: number): number {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const kb = Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? 0);
  return Math.round(kb / 102.4) / 10;
}

/** Samples a process while a phase runs: CPU used and peak RSS over the phase. */
export function watchProcess(pid: number, everyMs = 200) {
  const cpuAtStart = cpuSeconds(pid);
  let peak = rssMb(pid);
  const timer = setInterval(() => {
    try {
      peak = Math.max(peak, rssMb(pid));
    } catch {
      /* process gone: keep what we saw */
    }
  }, everyMs);
  return {
    stop(deliveries: number) {
      clearInterval(timer);
      peak = Math.max(peak, rssMb(pid));
      const used = cpuSeconds(pid) - cpuAtStart;
      return {
        cpuSeconds: Math.round(used * 100) / 100,
        cpuSecondsPer1000: Math.round((used / Math.max(1, deliveries)) * 1000 * 100) / 100,
        peakRssMb: peak,
      };
    },
  };
}
