import { defineConfig } from 'vitest/config';
import { ChaosLanes } from './test/chaos/lanes.ts';

// The fault suite (`npm run test:chaos`): each file boots its own stack (own data folder, free ports,
// own task queue) with pieces it kills and restarts, so it is kept apart from `npm test`'s shared stack,
// and two files run side by side in the order test/chaos/lanes.ts gives.
export default defineConfig({
  test: {
    include: ['test/chaos/**/*.chaos.test.ts'],
    fileParallelism: true,
    maxWorkers: 2,
    sequence: { sequencer: ChaosLanes },
    testTimeout: 240_000,
    hookTimeout: 120_000,
  },
});
