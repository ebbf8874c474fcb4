// Heartbeats for the delivery activity, so Temporal notices a dead worker within its heartbeat
// timeout. Only once the activity has run a while: a fast call pays for no heartbeat at all, and
// a slow call, or a wait for the database, heartbeats for as long as it lasts.
import { Context } from '@temporalio/activity';
import { DELIVERY_HEARTBEAT_AFTER_MS } from '../../src/domain/delivery-timing';

const EVERY_MS = 1_000; // the worker sends at most one RPC per maxHeartbeatThrottleInterval

export function keepAlive(): { stop(): void } {
  const context = Context.current();
  let ticker: NodeJS.Timeout | undefined;
  const starter = setTimeout(() => {
    context.heartbeat();
    ticker = setInterval(() => context.heartbeat(), EVERY_MS);
  }, DELIVERY_HEARTBEAT_AFTER_MS);
  return {
    stop() {
      clearTimeout(starter);
      clearInterval(ticker);
    },
  };
}
