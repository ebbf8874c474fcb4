import { defineConfig } from 'vitest/config';

// The fault suite (`npm run test:chaos`): each file boots its own stack with pieces it kills and
// restarts, so it is kept apart from `npm test`'s shared stack.
export default defineConfig({
  test: {
    include: ['test/chaos/**/*.chaos.test.ts'],
    fileParallelism: false,
    testTimeout: 240_000,
    hookTimeout: 120_000,
  },
});
