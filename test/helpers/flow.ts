// Helpers for flow-control tests: a receiver that counts calls in flight, and many runs at once.
import type { ServerResponse } from 'node:http';
import { api } from './api';
import type { ReceivedRequest, Responder } from './receiver';

export interface InFlightLog {
  now: number;
  max: number;
}

/** Answers 200 after `holdMs`, counting how many calls are open at once. */
export function holdingResponder(log: InFlightLog, holdMs: number): Responder {
  return (_req: ReceivedRequest, _i: number, res: ServerResponse) => {
    log.now++;
    log.max = Math.max(log.max, log.now);
    setTimeout(() => {
      log.now--;
      res.writeHead(200).end();
    }, holdMs);
  };
}

/** Creates `count` runs to one endpoint, `parallel` requests at a time; returns their ids in order. */
export async function createRuns(endpointId: string, count: number, baseUrl?: string, parallel = 10): Promise<string[]> {
  const ids: string[] = new Array(count);
  let next = 0;
  await Promise.all(
    Array.from({ length: parallel }, async () => {
      for (let i = next++; i < count; i = next++) {
        let res = await api('POST', '/v1/task-runs', { endpointId, payload: { n: i } }, { baseUrl });
        // A 503 (the database slow to hand out a connection on a busy machine) is retried, as a client would.
        for (let tries = 1; res.status === 503 && tries < 5; tries++) {
          await new Promise((r) => setTimeout(r, 500));
          res = await api('POST', '/v1/task-runs', { endpointId, payload: { n: i } }, { baseUrl });
        }
        if (res.status !== 202) throw new Error(`run create failed: ${res.status} ${JSON.stringify(res.body)}`);
        ids[i] = res.body.id;
      }
    }),
  );
  return ids;
}

/** Every run's final state, read through `baseUrl`. */
export async function runsOf(ids: string[], baseUrl?: string) {
  return Promise.all(ids.map(async (id) => (await api('GET', `/v1/task-runs/${id}`, undefined, { baseUrl })).body));
}
