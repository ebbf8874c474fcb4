import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    // One real stack (PostgreSQL, Temporal dev server, worker, API) for the whole run.
    globalSetup: ['test/global-setup.ts'],
    // Files share that stack and two CPU cores: run them one after another.
    fileParallelism: false,
    testTimeout: 60_000,
    hookTimeout: 60_000,
  },
});
