import { defineConfig } from 'vitest/config';

// The queue brokers on their own (`npm run test:brokers`): moto_server and a Kafka JVM, no EdgeCron stack,
// so no globalSetup. `npm test` runs the same file too (it needs nothing of the shared stack).
export default defineConfig({
  test: {
    include: ['test/broker-servers.test.ts'],
    fileParallelism: false,
    testTimeout: 120_000,
    hookTimeout: 120_000,
  },
});
