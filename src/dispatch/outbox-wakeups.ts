// A worker's dispatcher hears about new outbox rows the moment they commit (LISTEN/NOTIFY), so it can
// start them itself, eagerly, on the worker's connection. Its listening session also holds a shared
// advisory lock for its task queue: that is how an API's dispatcher knows a worker's dispatcher serves
// the queue (and leaves it the fresh rows). A lost session is re-opened; until then the API dispatches all.
import pg from 'pg';
import type { Db } from '../db/prisma';
import type { Logger } from '../logger';

/** The channel enqueueStart notifies, with the row's task queue as payload. */
export const OUTBOX_CHANNEL = 'edgecron_outbox';
/** First key of the advisory lock that marks a listening dispatcher (the second is the task queue's hash). */
const PRESENCE_LOCK_CLASS = 0x45434450; // "ECDP"
const RECONNECT_MS = 1000;

export interface OutboxWakeups {
  stop(): Promise<void>;
}

export function listenForOutbox(databaseUrl: string, taskQueue: string, onWake: () => void, logger: Logger): OutboxWakeups {
  let client: pg.Client | undefined;
  let stopped = false;
  let retry: NodeJS.Timeout | undefined;
  let lost = false; // said once per outage, not once per reconnect attempt

  const reconnectLater = (err: Error) => {
    if (stopped || retry) return;
    if (!lost) logger.warn({ err: err.message }, 'outbox listener lost its database session; the sweep covers until it is back');
    lost = true;
    client?.removeAllListeners();
    void client?.end().catch(() => undefined); // already broken: nothing to wait for
    client = undefined;
    retry = setTimeout(() => {
      retry = undefined;
      void connect();
    }, RECONNECT_MS);
    retry.unref();
  };

  async function connect() {
    const c = new pg.Client({ connectionString: databaseUrl, application_name: 'edgecron dispatcher (eager starts)' });
    client = c;
    c.on('error', reconnectLater);
    c.on('notification', (n) => {
      if (n.payload === taskQueue) onWake();
    });
    try {
      await c.connect();
      await c.query('SELECT pg_advisory_lock_shared($1::int4, hashtext($2))', [PRESENCE_LOCK_CLASS, taskQueue]);
      await c.query(`LISTEN ${OUTBOX_CHANNEL}`);
      lost = false;
      if (stopped) await c.end();
      else onWake(); // rows committed while nobody listened
    } catch (err) {
      reconnectLater(err as Error);
    }
  }

  void connect();
  return {
    async stop() {
      stopped = true;
      clearTimeout(retry);
      await client?.end().catch(() => undefined);
    },
  };
}

/** Whether some process's dispatcher listens for this queue's rows (and starts them eagerly). */
export async function listeningDispatcherOnline(db: Db, taskQueue: string): Promise<boolean> {
  const [row] = await db.$queryRaw<Array<{ online: boolean }>>`
    SELECT EXISTS (
      SELECT 1 FROM pg_locks
       WHERE locktype = 'advisory' AND granted AND objsubid = 2
         AND classid = ${PRESENCE_LOCK_CLASS}::int4::oid AND objid = hashtext(${taskQueue})::oid) AS online`;
  return row.online;
}
