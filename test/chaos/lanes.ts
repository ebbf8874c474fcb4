// The order the chaos files start in. vitest.chaos.config.ts runs two files at a time, each on its own
// stack; a lane takes the next file when its file ends. The files mostly wait (outages of a minute), so
// two lanes roughly halve the suite, but a file beside another shares the 2-core machine with it.
import type { TestSpecification } from 'vitest/node';
import { BaseSequencer } from 'vitest/node';

// First source-burst (the longest, and busy throughout: 2,000 ingests, 4,000 deliveries) in one lane while
// the other takes the files whose bounds leave room for a busy neighbour (counts, or tens of seconds).
const BESIDE_THE_BURST = [
  'source-burst', 'circuit-wait-cost', 'npm-start-signals', 'postgres-outage', 'graceful-shutdown', 'api-crash', 'receiver-faults',
];
// Then the files with tight time bounds (API answers under 2 s while Temporal is down, a killed worker's
// deliveries resumed within 10 s, due runs created within 8 s) beside each other: mostly idle outages.
const TIMED = ['postgres-attempts', 'temporal-outage', 'temporal-restart', 'worker-kill'];

/**
 * Files that run alone, after both lanes. parked-runs: its rate case reads the limiter at the receiver (20
 * calls at 4/s span at least 3.5 s, at most 9 in a second), which allows 0.5 s of jitter between taking a
 * token and the call arriving. A busy machine adds more: 3.45 s beside source-burst's drain.
 */
export const ALONE = ['parked-runs'];

export const chaosFile = (name: string) => `test/chaos/${name}.chaos.test.ts`;

const ORDER = [...BESIDE_THE_BURST, ...TIMED];
/** A file in no list (a new one) runs last in the lanes, beside as little as possible; add it to a list above. */
const rank = (spec: TestSpecification) => {
  const name = /([^/]+)\.chaos\.test\.ts$/.exec(spec.moduleId)?.[1] ?? '';
  const i = ORDER.indexOf(name);
  return i === -1 ? ORDER.length : i;
};

export class ChaosLanes extends BaseSequencer {
  override async sort(files: TestSpecification[]): Promise<TestSpecification[]> {
    return [...files].sort((a, b) => rank(a) - rank(b));
  }
}
