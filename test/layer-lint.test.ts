// The lint rule that keeps imports pointing down the layers fires on each upward import, and lets
// the downward ones through. (`npm run lint`, inside `npm test`, holds the whole tree to it.)
import { describe, expect, it } from 'vitest';
import { snippetLinter } from './helpers/snippet-lint';

const eslint = snippetLinter();

async function restrictedImports(code: string, filePath: string): Promise<number> {
  const [result] = await eslint.lintText(code, { filePath });
  return result.messages.filter((m) => m.ruleId === 'no-restricted-imports').length;
}

describe('layering lint', () => {
  it.each([
    ['src/services/x.ts', "import { createApp } from '../api/app';"],
    ['src/dispatch/x.ts', "import type { DeadLetterReplayInput } from '../../workflows/dead-letter-replay.workflow';"],
    ['src/dispatch/x.ts', "import { sequencerWake } from '../services/ordered-runs';"],
    ['src/dispatch/x.ts', "import { createTaskRunBody } from '../contracts/task-run';"],
    ['src/dispatch/x.ts', "import { startWorkerProcess } from '../runtime/worker-process';"],
    ['activities/x.ts', "import { taskRunWorkflow } from '../workflows/task-run.workflow';"],
    ['activities/ledger/x.ts', "import { problem } from '../../src/api/problem';"],
    ['src/sdk/x.ts', "import type { ApiOperation } from '../api/openapi/operation';"],
    ['src/domain/x.ts', "import type { Config } from '../config';"],
    ['src/domain/x.ts', "import { newId } from './node/ids';"],
    ['src/domain/node/x.ts', "import { db } from '../../db/prisma';"],
    ['src/contracts/x.ts', "import { listEndpoints } from '../services/endpoints';"],
    ['src/workflow-contracts/x.ts', "import { taskRunWorkflow } from '../../workflows/task-run.workflow';"],
    ['workflows/x.workflow.ts', "import { createDeliverActivity } from '../activities/delivery/deliver.activity';"],
    ['workflows/x.workflow.ts', "import { endpointView } from '../src/services/endpoint-view';"],
  ])('refuses, in %s: %s', async (file, code) => {
    expect(await restrictedImports(`${code}\nexport {};`, file)).toBe(1);
  });

  it.each([
    ['src/services/x.ts', "import { createEndpointBody } from '../contracts/endpoint';"],
    ['src/services/x.ts', "import { orderedRunAddedSignal } from '../workflow-contracts/key-sequencer-signals';"],
    ['activities/x.ts', "import { deliveryProgressSignal } from '../src/workflow-contracts/task-run-signals';"],
    ['src/sdk/x.ts', "import type { tenantResponse } from '../contracts/tenant-responses';"],
    ['src/domain/x.ts', "import { parseCron } from './cron';"],
    ['src/domain/node/x.ts', "import { canonicalJson } from '../canonical-json';"],
    ['workflows/x.workflow.ts', "import type { Activities } from '../activities';"],
    ['workflows/x.workflow.ts', "import type { TaskRunInput } from '../src/workflow-contracts/task-run-input';"],
    ['src/services/x.ts', "import { context } from '@opentelemetry/api';"],
    ['src/services/x.ts', "import { enqueueStart } from '../dispatch/enqueue-start';"],
    ['src/dispatch/x.ts', "import { withTemporalBudget } from '../temporal/deadline';"],
    ['src/dispatch/x.ts', "import { orderedRunAddedSignal } from '../workflow-contracts/key-sequencer-signals';"],
  ])('allows, in %s: %s', async (file, code) => {
    expect(await restrictedImports(`${code}\nexport {};`, file)).toBe(0);
  });
});
