// The delivery activity's ledger reads and writes outlive a database outage in place: retried with
// backoff up to a budget (the activity heartbeats meanwhile, see keep-alive.ts), so an outage spends
// none of the run's attempts and a call already made is recorded once, not made again. Past the
// budget it is a retryable infrastructure failure: Temporal retries the activity without limit.
import { ApplicationFailure, Context } from '@temporalio/activity';
import { FAILURE_TYPES } from '../../src/workflow-contracts/task-run-input';
import type { Logger } from '../../src/logger';
import { MustWait } from '../flow/parking';

const FIRST_PAUSE_MS = 250;
const LONGEST_PAUSE_MS = 4_000;

function isCancelled(): boolean {
  try {
    return Context.current().cancellationSignal.aborted;
  } catch {
    return false;
  }
}

/** Runs `work` until it succeeds; ApplicationFailures and MustWait (our own decisions) are never retried here. */
export async function untilDatabaseAnswers<T>(what: string, budgetMs: number, logger: Logger, work: () => Promise<T>): Promise<T> {
  const giveUpAt = Date.now() + budgetMs;
  let pause = FIRST_PAUSE_MS;
  for (let tries = 1; ; tries++) {
    try {
      const result = await work();
      if (tries > 1) logger.info({ what, tries }, 'database answered again');
      return result;
    } catch (err) {
      if (err instanceof ApplicationFailure || err instanceof MustWait) throw err;
      const message = (err as Error)?.message?.split('\n').filter(Boolean).pop()?.slice(0, 200) ?? 'unknown error';
      if (tries === 1) logger.warn({ what, err: message }, 'database unavailable: waiting for it');
      // Cancelled: Temporal has given this attempt up (heartbeat or start-to-close timeout) or the run was cancelled.
      if (Date.now() + pause > giveUpAt || isCancelled()) {
        throw ApplicationFailure.create({
          type: FAILURE_TYPES.infrastructure,
          message: `database unavailable during ${what}: ${message}`,
        });
      }
      await new Promise((r) => setTimeout(r, pause));
      pause = Math.min(pause * 2, LONGEST_PAUSE_MS);
    }
  }
}
