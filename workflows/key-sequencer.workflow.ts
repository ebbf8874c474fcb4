// One workflow per (endpoint, ordering key): delivers the key's runs one at a time, in the order the
// API accepted them, each as a child TaskRun workflow that it waits for (success, cancelled, dead letter).
// The database is the queue: each step asks it for the head (lowest sequence number not yet ended), so
// out-of-order or lost signals cannot reorder or strand a run; signals only say "look again". It ends
// when the queue is empty and continues as new every MAX_STEPS_PER_RUN steps to bound its history.
// It takes the head and the runs that may follow it in one batch (no activity between deliveries);
// a batch ends early at a run that did not succeed (a dead letter may now hold the key) or at any
// signal (a replay may now come first), and the ledger is asked again.
import { WorkflowExecutionAlreadyStartedError } from '@temporalio/common';
import {
  condition,
  continueAsNew,
  executeChild,
  ParentClosePolicy,
  patched,
  proxyActivities,
  setHandler,
  sleep,
  workflowInfo,
  WorkflowIdReusePolicy,
} from '@temporalio/workflow';
import type { Activities } from '../activities';
import type { KeySequencerInput, KeySequencerResult, NextOrderedRuns, OrderedRunStart } from '../src/workflow-contracts/key-sequencer-input';
import type { TaskRunOutcome } from '../src/workflow-contracts/task-run-input';
import { orderedRunAddedSignal } from '../src/workflow-contracts/key-sequencer-signals';
import { isDeadLetteredChild } from './task-run-child';
import { taskRunWorkflow } from './task-run.workflow';
import { taskRunStartOptions } from '../src/workflow-contracts/task-run-start';

/** Steps (deliveries and waits) per workflow run: a delivery costs ~15 history events, so ~1,500 at most. */
export const MAX_STEPS_PER_RUN = 100;
/** Runs taken from the ledger at once. */
export const BATCH_SIZE = 20;
/** How often to look again while an earlier event of the key is still fanning out. */
const FANOUT_RECHECK = '1 second';
/** While blocked by a dead letter, replay/discard wake it; this re-check only covers a lost signal. */
const BLOCKED_RECHECK = '1 minute';
/** The head's workflow already exists (started by an earlier, abandoned sequencer): wait for it to end. */
const IN_FLIGHT_RECHECK = '2 seconds';

const { nextOrderedStepActivity, nextOrderedRunsActivity } = proxyActivities<Activities>({
  // A few indexed queries; retried until the database answers.
  startToCloseTimeout: '10 seconds',
  retry: { initialInterval: '1 second', maximumInterval: '10 seconds' },
});

/** A child's dead letter (a failed child workflow) is read as its outcome. */
const DEAD_LETTER_CHILD_PATCH = 'dead-letter-fails-child';

/** How a delivery went: not run (its workflow was already running elsewhere) or run, with its outcome when it ended normally. */
type Delivery = { ran: false } | { ran: true; outcome?: TaskRunOutcome };

/** Delivers one run and waits for it to end. */
async function deliver(run: OrderedRunStart): Promise<Delivery> {
  try {
    const outcome = await executeChild(taskRunWorkflow, {
      ...taskRunStartOptions(run),
      // A delivery in flight finishes even if this sequencer is terminated; the next one waits for it.
      parentClosePolicy: ParentClosePolicy.ABANDON,
      // A run is delivered by one workflow; only a terminated or failed one may be started again.
      workflowIdReusePolicy: WorkflowIdReusePolicy.ALLOW_DUPLICATE_FAILED_ONLY,
    });
    return { ran: true, outcome };
  } catch (err) {
    if (err instanceof WorkflowExecutionAlreadyStartedError) return { ran: false };
    // A dead letter fails its child since `lean-happy-path`: an outcome, not a failure to pause on.
    // Patched, as an older worker would have paused on it.
    if (isDeadLetteredChild(err) && patched(DEAD_LETTER_CHILD_PATCH)) return { ran: true, outcome: 'dead_letter' };
    // The child failed or was terminated: the ledger still shows the run unfinished, so the next step
    // retries it. The pause keeps a persistent failure from spinning.
    await sleep('5 seconds');
    return { ran: true };
  }
}

export async function keySequencerWorkflow(input: KeySequencerInput): Promise<KeySequencerResult> {
  let woken = false;
  setHandler(orderedRunAddedSignal, () => {
    woken = true;
  });
  // Sequencers started before batches asked for one run per step; their histories replay that way.
  const batched = patched('sequencer-batches');
  const key = { endpointId: input.endpointId, orderingKey: input.orderingKey };
  let delivered = input.deliveredSoFar ?? 0;
  const maxSteps = input.maxStepsPerRun ?? MAX_STEPS_PER_RUN;

  for (let step = 0; step < maxSteps && !workflowInfo().continueAsNewSuggested; step++) {
    woken = false;
    const next: NextOrderedRuns = batched
      ? await nextOrderedRunsActivity({ ...key, max: Math.min(BATCH_SIZE, maxSteps - step) })
      : await nextOrderedStepActivity(key).then((s) => (s.kind === 'deliver' ? { kind: 'deliver', runs: [s.run] } : s));
    switch (next.kind) {
      case 'empty':
        // A run accepted while we looked signals us: look once more rather than end with it queued.
        if (woken) continue;
        return { delivered };
      case 'deliver':
        // Each delivery is a step; the batch's first is counted by the loop.
        for (const [i, run] of next.runs.entries()) {
          if (i > 0) step++;
          const delivery = await deliver(run);
          if (!delivery.ran) {
            await condition(() => woken, IN_FLIGHT_RECHECK);
            break;
          }
          delivered++;
          // Past a run that did not end well or a signal, the rest of the batch may no longer be next.
          if (woken || (delivery.outcome !== 'success' && delivery.outcome !== 'cancelled')) break;
        }
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
