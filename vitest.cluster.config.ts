import { defineConfig } from 'vitest/config';

// `npm run test:cluster`: the production topology on one machine (a two-host Temporal cluster on
// PostgreSQL, two workers, two API replicas; test/cluster/helpers/cluster-stack.ts). The end-to-end
// core runs unchanged against it; the fault cases kill pieces of it and bring them back.
export default defineConfig({
  test: {
    include: [
      'test/task-run-delivery.test.ts', // direct runs, retries
      'test/dead-letters.test.ts', // dead letters and replay
      'test/events.test.ts', // events and fanout
      'test/schedule-fires.test.ts', // schedules
      'test/ordered-delivery.test.ts', // ordering
      'test/cluster/**/*.cluster.test.ts', // faults
    ],
    // Boots the cluster (building the Temporal server first on a fresh clone: minutes).
    globalSetup: ['test/cluster/global-setup.ts'],
    fileParallelism: false,
    testTimeout: 120_000,
    hookTimeout: 600_000,
  },
});
