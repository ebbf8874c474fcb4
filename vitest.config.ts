import { configDefaults, defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    // The fault suite and the cluster suite have their own configs and stacks: `npm run test:chaos`, `npm run test:cluster`.
    exclude: [...configDefaults.exclude, 'test/chaos/**', 'test/cluster/**'],
    // One real stack (PostgreSQL, Temporal dev server, worker, API) for the whole run.
    globalSetup: ['test/global-setup.ts'],
    // Files share that stack and two CPU cores: run them one after another.
    fileParallelism: false,
    testTimeout: 60_000,
    hookTimeout: 60_000,
  },
});
