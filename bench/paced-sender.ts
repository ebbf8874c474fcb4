// Task runs sent at a steady rate, open loop (each leaves at its own time, whatever the earlier ones
// are doing), until stopped: the backlog part's load while it drains, and the soak's whole load. Each
// answer's time is kept with the moment it was sent, so a part can read any window of it.
import type { ApiClient } from './api-client';

/** The deliveries/s the scale parts load at half of, and where the figure came from. */
export interface ReferenceRate {
  rate: number;
  from: string;
}

export interface PacedSender {
  /** Runs the API accepted (2xx) so far; their benchIds are `${tag}-${i}` for each i here. */
  accepted(): number[];
  /** When send i left (performance.now()). */
  sentAt(i: number): number | undefined;
  /** Sends answered other than 2xx (or not at all). */
  refused(): number;
  /** API answer times (ms) of the sends that left in [fromMs, toMs), performance.now() times. */
  answersBetween(fromMs: number, toMs: number): number[];
  /** Stops sending and waits for the answers in flight. */
  stop(): Promise<void>;
}

export function startPacedSender(api: ApiClient, endpointId: string, tag: string, ratePerSecond: number): PacedSender {
  const intervalMs = 1000 / ratePerSecond;
  const answers: Array<{ sentAt: number; ms: number }> = [];
  const accepted: number[] = [];
  const leftAt: number[] = []; // by send index
  const inFlight = new Set<Promise<void>>();
  let refused = 0;
  let stopped = false;
  const started = performance.now();
  const send = (i: number) => {
    const at = performance.now();
    leftAt[i] = at;
    const call = api
      .call('POST', '/v1/task-runs', { endpointId, payload: { benchId: `${tag}-${i}`, kind: 'bench.delivery', n: i } })
      .then(
        (res) => {
          answers.push({ sentAt: at, ms: performance.now() - at });
          if (res.status < 300) accepted.push(i);
          else refused++;
        },
        () => void refused++,
      )
      .finally(() => inFlight.delete(call));
    inFlight.add(call);
  };
  const loop = (async () => {
    for (let i = 0; !stopped; i++) {
      const wait = started + i * intervalMs - performance.now();
      if (wait > 1) await new Promise((r) => setTimeout(r, wait));
      if (!stopped) send(i);
    }
  })();
  return {
    accepted: () => accepted,
    sentAt: (i) => leftAt[i],
    refused: () => refused,
    answersBetween: (fromMs, toMs) => answers.filter((a) => a.sentAt >= fromMs && a.sentAt < toMs).map((a) => a.ms),
    async stop() {
      stopped = true;
      await loop;
      await Promise.all([...inFlight]);
    },
  };
}
