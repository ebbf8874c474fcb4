import { defineConfig } from 'vitest/config';
import { ALONE, ChaosLanes, chaosFile } from './test/chaos/lanes.ts';

// The fault suite (`npm run test:chaos`): each file boots its own stack (own data folder, free ports,
// own task queue) with pieces it kills and restarts, so it is kept apart from `npm test`'s shared stack.
// Two files run side by side in the order test/chaos/lanes.ts gives; then the files kept alone.
export default defineConfig({
  test: {
    testTimeout: 240_000,
    hookTimeout: 120_000,
    sequence: { sequencer: ChaosLanes },
    projects: [
      {
        extends: true,
        test: { name: 'chaos', include: ['test/chaos/**/*.chaos.test.ts'], exclude: ALONE.map(chaosFile), fileParallelism: true, maxWorkers: 2 },
      },
      // A later group runs once the lanes are done; one worker: nothing beside it.
      { extends: true, test: { name: 'chaos-alone', include: ALONE.map(chaosFile), maxWorkers: 1, sequence: { groupOrder: 1 } } },
    ],
  },
});
