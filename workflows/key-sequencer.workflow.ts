// One workflow per (endpoint, ordering key): delivers the key's runs one at a time, in the order the
// API accepted them, each as a child TaskRun workflow that it waits for (success, cancelled, dead letter).
// The database is the queue: each step asks it for the head (lowest sequence number not yet ended), so
// out-of-order or lost signals cannot reorder or strand a run; signals only say "look again". It ends
// when the queue is empty and continues as new every MAX_STEPS_PER_RUN steps to bound its history.
import { WorkflowExecutionAlreadyStartedError } from '@temporalio/common';
import {
  condition,
  continueAsNew,
  executeChild,
  ParentClosePolicy,
  proxyActivities,
  setHandler,
  sleep,
  workflowInfo,
  WorkflowIdReusePolicy,
} from '@temporalio/workflow';
import type { Activities } from '../activities';
import type { KeySequencerInput, KeySequencerResult, OrderedRunStart } from '../src/workflow-contracts/key-sequencer-input';
import { orderedRunAddedSignal } from '../src/workflow-contracts/key-sequencer-signals';
import { taskRunWorkflow } from './task-run.workflow';
import { taskRunStartOptions } from '../src/workflow-contracts/task-run-start';

/** Steps (deliveries and waits) per workflow run: a delivery costs ~15 history events, so ~1,500 at most. */
export const MAX_STEPS_PER_RUN = 100;
/** How often to look again while an earlier event of the key is still fanning out. */
const FANOUT_RECHECK = '1 second';
/** While blocked by a dead letter, replay/discard wake it; this re-check only covers a lost signal. */
const BLOCKED_RECHECK = '1 minute';
/** The head's workflow already exists (started by an earlier, abandoned sequencer): wait for it to end. */
const IN_FLIGHT_RECHECK = '2 seconds';

const { nextOrderedStepActivity } = proxyActivities<Activities>({
  // A few indexed queries; retried until the database answers.
  startToCloseTimeout: '10 seconds',
  retry: { initialInterval: '1 second', maximumInterval: '10 seconds' },
});

/** Delivers one run and waits for it to end; false when its workflow was already running elsewhere. */
async function deliver(run: OrderedRunStart): Promise<boolean> {
  try {
    await executeChild(taskRunWorkflow, {
      ...taskRunStartOptions(run),
      // A delivery in flight finishes even if this sequencer is terminated; the next one waits for it.
      parentClosePolicy: ParentClosePolicy.ABANDON,
      // A run is delivered by one workflow; only a terminated or failed one may be started again.
      workflowIdReusePolicy: WorkflowIdReusePolicy.ALLOW_DUPLICATE_FAILED_ONLY,
    });
    return true;
  } catch (err) {
    if (err instanceof WorkflowExecutionAlreadyStartedError) return false;
    // The child failed or was terminated: the ledger still shows the run unfinished, so the next step
    // retries it. The pause keeps a persistent failure from spinning.
    await sleep('5 seconds');
    return true;
  }
}

export async function keySequencerWorkflow(input: KeySequencerInput): Promise<KeySequencerResult> {
  let woken = false;
  setHandler(orderedRunAddedSignal, () => {
    woken = true;
  });
  let delivered = input.deliveredSoFar ?? 0;
  const maxSteps = input.maxStepsPerRun ?? MAX_STEPS_PER_RUN;

  for (let step = 0; step < maxSteps && !workflowInfo().continueAsNewSuggested; step++) {
    woken = false;
    const next = await nextOrderedStepActivity({ endpointId: input.endpointId, orderingKey: input.orderingKey });
    switch (next.kind) {
      case 'empty':
        // A run accepted while we looked signals us: look once more rather than end with it queued.
        if (woken) continue;
        return { delivered };
      case 'deliver':
        if (await deliver(next.run)) delivered++;
        else await condition(() => woken, IN_FLIGHT_RECHECK);
        continue;
      case 'wait_for_fanout':
        await condition(() => woken, FANOUT_RECHECK);
        continue;
      case 'blocked':
        await condition(() => woken, BLOCKED_RECHECK);
        continue;
    }
  }
  return continueAsNew<typeof keySequencerWorkflow>({ ...input, deliveredSoFar: delivered });
}
