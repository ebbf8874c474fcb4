// R0: a raw undici loop posting the same payload to the same receiver: the ceiling for deliveries.
import { Agent, request } from 'undici';
import type { BenchReceiver } from '../receiver';
import type { ThroughputPart } from '../result';
import { runPool } from '../pool';
import { perSecond } from '../stats';

export async function runRawUndici(receiver: BenchReceiver, count: number, progress: (line: string) => void): Promise<ThroughputPart> {
  // The same pool shape the worker's delivery client uses (activities/delivery/http/send-webhook.ts).
  const dispatcher = new Agent({ keepAliveTimeout: 10_000, connections: 64 });
  const url = receiver.url('r0');
  const started = performance.now();
  await runPool(
    count,
    64,
    async (i) => {
      const res = await request(url, {
        method: 'POST',
        dispatcher,
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ benchId: `r0-${i}`, kind: 'bench.delivery', n: i }),
      });
      await res.body.text();
      if (res.statusCode !== 200) throw new Error(`receiver answered ${res.statusCode}`);
    },
    (done) => progress(`R0 ${done}/${count}`),
  );
  const elapsedMs = performance.now() - started;
  await dispatcher.close();
  return { status: 'ok', count, elapsedMs: Math.round(elapsedMs), perSecond: perSecond(count, elapsedMs) };
}
