// All activities, built from injected dependencies (Prisma, limits).
import { createDeadLetterActivities } from './dead-letters/dead-letter.activities';
import { createDeliverActivity } from './delivery/deliver.activity';
import type { ActivityDeps } from './deps';
import { createFlowLimitsReader } from './flow/endpoint-flow-limits';
import { createScheduledRunActivities } from './ledger/create-scheduled-run.activity';
import { createEventRunsActivities } from './fanout/create-event-runs.activity';
import { createFinishRunActivities } from './delivery/finish-run.activity';
import { createNextOrderedStepActivities } from './ordering/next-ordered-step.activity';
import { createPurgeActivities } from './retention/purge.activity';

export function createActivities(given: ActivityDeps) {
  // One flow-limits cache for the worker: the fanout remembers the rows it read, deliveries read them.
  const deps = { ...given, endpointFlow: given.endpointFlow ?? createFlowLimitsReader(given.db) };
  return {
    deliverActivity: createDeliverActivity(deps),
    ...createFinishRunActivities(deps),
    ...createScheduledRunActivities(deps),
    ...createEventRunsActivities(deps),
    ...createDeadLetterActivities(deps),
    ...createNextOrderedStepActivities(deps),
    ...createPurgeActivities(deps),
  };
}

export type Activities = ReturnType<typeof createActivities>;
export type { ActivityDeps };
