// Failed authentication, limited per client address: after `perMinute` failures in a minute the
// address gets 429 with Retry-After until the minute is over, before its key is looked up, so a flood
// of bad keys costs no database work. Kept in each API process's memory: it protects that process's
// database pool, needs no lookup itself, and its memory is bounded (oldest addresses dropped first).
export interface AuthFailureLimit {
  /** Seconds to wait when the address is over its limit, else 0. */
  retryAfterSeconds(address: string): number;
  recordFailure(address: string): void;
}

const WINDOW_MS = 60_000;
const MAX_ADDRESSES = 100_000;

interface Window {
  startedAt: number;
  failures: number;
}

export function authFailureLimit(perMinute: number, now: () => number = Date.now): AuthFailureLimit {
  const windows = new Map<string, Window>();
  const current = (address: string): Window | undefined => {
    const w = windows.get(address);
    if (w && now() - w.startedAt < WINDOW_MS) return w;
    if (w) windows.delete(address);
    return undefined;
  };
  return {
    retryAfterSeconds(address) {
      if (perMinute <= 0) return 0;
      const w = current(address);
      if (!w || w.failures < perMinute) return 0;
      return Math.max(1, Math.ceil((w.startedAt + WINDOW_MS - now()) / 1000));
    },
    recordFailure(address) {
      if (perMinute <= 0) return;
      const w = current(address);
      if (w) return void w.failures++;
      if (windows.size >= MAX_ADDRESSES) windows.delete(windows.keys().next().value!);
      windows.set(address, { startedAt: now(), failures: 1 });
    },
  };
}
