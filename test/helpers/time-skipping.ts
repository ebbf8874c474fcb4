// A worker on Temporal's time-skipping test server, running EdgeCron's real workflows and (possibly
// wrapped) activities against the test stack's PostgreSQL: for tests where hours must pass in seconds.
import proto from '@temporalio/proto';
import { TestWorkflowEnvironment } from '@temporalio/testing';
import { Worker } from '@temporalio/worker';
import { resolve } from 'node:path';
import { inject } from 'vitest';
import { createActivities, type Activities, type ActivityDeps } from '../../activities';
import { createDb, type Db } from '../../src/db/prisma';
import { createLogger } from '../../src/logger';
import { installTemporalRuntime } from '../../src/temporal/runtime';
import { SEARCH_ATTRIBUTES } from '../../src/temporal/search-attributes';
import { WORKFLOWS_PATH } from '../../src/worker/create-worker';
import { testActivityDeps } from './activity-deps';

const TEST_SERVER = resolve('.tools/py/bin/temporal-test-server');

export interface TimeSkippingWorker {
  env: TestWorkflowEnvironment;
  db: Db;
  stop(): Promise<void>;
}

export async function startTimeSkippingWorker(
  taskQueue: string,
  wrap: (activities: Activities, env: TestWorkflowEnvironment) => Activities = (a) => a,
  /** Dependencies to change, e.g. the clock (the test server's) or an auto-disable period. */
  depsFor: (env: TestWorkflowEnvironment) => Partial<ActivityDeps> = () => ({}),
): Promise<TimeSkippingWorker> {
  installTemporalRuntime(createLogger('warn', 'test', { stdout: true }), 'warn'); // quiet SDK logs in this test process
  const env = await TestWorkflowEnvironment.createTimeSkipping({ server: { executable: { type: 'existing-path', path: TEST_SERVER } } });
  // The dev server gets EdgeCron's search attributes as start flags; the test server through its API.
  const keyword = proto.temporal.api.enums.v1.IndexedValueType.INDEXED_VALUE_TYPE_KEYWORD;
  await env.connection.operatorService.addSearchAttributes({
    namespace: env.namespace ?? 'default',
    searchAttributes: Object.fromEntries(Object.values(SEARCH_ATTRIBUTES).map((k) => [k.name, keyword])),
  });
  const db = createDb(inject('databaseUrl'), { poolSize: 5 });
  const activities = wrap(createActivities({ ...testActivityDeps(db, 1024), ...depsFor(env) }), env);
  const worker = await Worker.create({ connection: env.nativeConnection, taskQueue, workflowsPath: WORKFLOWS_PATH, activities });
  const running = worker.run();
  return {
    env,
    db,
    async stop() {
      worker.shutdown();
      await running;
      await env.teardown();
      await db.$disconnect();
    },
  };
}
