// Helpers for ordered-delivery tests: a receiver that is slow at random and fails the first try of some
// deliveries, and what it saw, per ordering key, in the order of first successful delivery.
import type { ServerResponse } from 'node:http';
import type { ReceivedRequest, Responder } from './receiver';

export interface OrderedDelivery {
  webhookId: string;
  key: string;
  n: number;
}

export interface FlakyReceiverLog {
  /** Every 2xx the receiver sent, in the order it sent them. */
  successes: OrderedDelivery[];
  /** Deliveries answered 503 on their first try. */
  failedFirstTries: number;
}

/** Fields the tests put in each payload: which key, and the publisher's own counter. */
const dataOf = (req: ReceivedRequest): { key: string; n: number } => {
  const body = JSON.parse(req.body);
  return (body.data ?? body) as { key: string; n: number };
};

/**
 * Answers after 0–maxDelayMs (at random); the first try of about one delivery in `failOneIn` gets a 503.
 * A delivery in `alwaysFail` gets a 500 every time (until removed).
 */
export function flakyResponder(log: FlakyReceiverLog, o: { maxDelayMs: number; failOneIn: number; alwaysFail?: Set<number> }): Responder {
  const seen = new Set<string>();
  return (req: ReceivedRequest, _i: number, res: ServerResponse) => {
    const webhookId = req.headers['webhook-id'];
    const { key, n } = dataOf(req);
    const firstTry = !seen.has(webhookId);
    seen.add(webhookId);
    setTimeout(() => {
      if (o.alwaysFail?.has(n)) return void res.writeHead(500).end();
      if (firstTry && Math.random() < 1 / o.failOneIn) {
        log.failedFirstTries++;
        return void res.writeHead(503).end();
      }
      log.successes.push({ webhookId, key, n });
      res.writeHead(200).end();
    }, Math.random() * o.maxDelayMs);
  };
}

/** Per key, the `n`s in order of first successful delivery (later duplicates ignored). */
export function firstSuccessOrderByKey(successes: OrderedDelivery[]): Map<string, number[]> {
  const seen = new Set<string>();
  const byKey = new Map<string, number[]>();
  for (const s of successes) {
    if (seen.has(s.webhookId)) continue;
    seen.add(s.webhookId);
    byKey.set(s.key, [...(byKey.get(s.key) ?? []), s.n]);
  }
  return byKey;
}

/** How often consecutive successes belong to different keys: many switches = the keys ran side by side. */
export const keySwitches = (successes: OrderedDelivery[]): number =>
  successes.reduce((n, s, i) => (i > 0 && successes[i - 1].key !== s.key ? n + 1 : n), 0);

/** Runs `task` over `items` with `concurrency` workers, so publishes of one key really race. */
export async function inParallel<T, R>(items: T[], concurrency: number, task: (item: T) => Promise<R>): Promise<R[]> {
  const results: R[] = new Array(items.length);
  let next = 0;
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (next < items.length) {
        const i = next++;
        results[i] = await task(items[i]);
      }
    }),
  );
  return results;
}
