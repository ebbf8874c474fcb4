// Ordered: N events over K ordering keys to one endpoint with `ordering: "key"`; deliveries/s next to
// unordered E, and whether every key arrived in publish order. Keys run in parallel, each key's runs
// one after another, so this is bounded by K × (one run's latency), not by the worker's capacity.
import type { ApiClient } from '../api-client';
import type { BenchReceiver } from '../receiver';
import type { OrderedPart } from '../result';
import { runPool } from '../pool';
import { createEndpoint } from './endpoints';

export async function runOrdered(
  ctx: { api: ApiClient; receiver: BenchReceiver },
  events: number,
  keys: number,
  eRate: number | undefined,
  timeoutMs: number,
  progress: (line: string) => void,
): Promise<OrderedPart> {
  const { api, receiver } = ctx;
  // Not under `bench.*`: the fanout part's endpoints subscribe to that, and their (unordered) deliveries
  // of these events would count as arrivals.
  const type = `ordered-bench.e${Date.now().toString(36)}`;
  await createEndpoint(api, receiver.url('ordered'), { eventTypes: [type], ordering: 'key' });
  receiver.reset('ordered');
  const sequence = new Map<string, number[]>(); // key → publish order (as numbers)
  const started = performance.now();
  // Each key's publishes go one after another (so publish order is well defined); keys in parallel.
  await runPool(keys, keys, async (k) => {
    const key = `key-${k}`;
    for (let i = k; i < events; i += keys) {
      await api.ok('POST', '/v1/events', { type, payload: { benchId: `ordered-${i}`, key, i }, orderingKey: key });
      sequence.set(key, [...(sequence.get(key) ?? []), i]);
    }
  });
  const done = await receiver.waitForOk('ordered', events, timeoutMs, (n) => progress(`ordered delivered ${n}/${events}`));
  const elapsedMs = done - started;
  // Arrival order per key, from the receiver's first-arrival times.
  let outOfOrder = 0;
  for (const published of sequence.values()) {
    const arrived = [...published].sort((a, b) => receiver.arrivals.get(`ordered-${a}`)! - receiver.arrivals.get(`ordered-${b}`)!);
    if (arrived.some((v, i) => v !== published[i])) outOfOrder++;
  }
  const perSecond = Math.round((events / (elapsedMs / 1000)) * 10) / 10;
  return {
    status: 'ok',
    count: events,
    keys,
    elapsedMs: Math.round(elapsedMs),
    perSecond,
    orderedOverE: eRate ? Math.round((perSecond / eRate) * 100) / 100 : undefined,
    keysOutOfOrder: outOfOrder,
  };
}
