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
const TIMED = ['postgres-attempts', 'temporal-outage', 'parked-runs', 'temporal-restart', 'worker-kill'];

const ORDER = [...BESIDE_THE_BURST, ...TIMED];
/** A file in neither list (a new one) runs last, beside as little as possible; add it to a list above. */
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
