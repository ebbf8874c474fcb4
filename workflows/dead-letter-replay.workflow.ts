// Bulk replay: starts the chosen dead letters' replays in batches of `ratePerSecond`, one batch per
// second at most, so a large backlog drains at a bounded rate instead of flooding the receiver.
import { patched, proxyActivities, setHandler, sleep } from '@temporalio/workflow';
import type { Activities } from '../activities';
import { replayProgressQuery, type DeadLetterReplayInput, type DeadLetterReplayProgress } from '../src/workflow-contracts/dead-letter';

const { replayDeadLettersActivity } = proxyActivities<Activities>({
  // One batch: a database transaction and a workflow start per dead letter.
  startToCloseTimeout: '2 minutes',
  // Each replay is conditional on the dead letter still being open, so a retried batch skips what it did.
  retry: { initialInterval: '1 second', maximumInterval: '30 seconds' },
});

export async function deadLetterReplayWorkflow(input: DeadLetterReplayInput): Promise<DeadLetterReplayProgress> {
  const rate = Math.max(1, Math.floor(input.ratePerSecond));
  const progress: DeadLetterReplayProgress = { total: input.deadLetterIds.length, replayed: 0, skipped: 0, done: false };
  setHandler(replayProgressQuery, () => progress);

  for (let i = 0; i < input.deadLetterIds.length; i += rate) {
    const batch = input.deadLetterIds.slice(i, i + rate);
    const more = i + rate < input.deadLetterIds.length;
    // The second runs while the batch is written, so the drain keeps its rate (a batch taking ~1 s
    // used to halve it). Replays that started before this change keep their recorded order.
    const overlap = patched('replay-batch-overlaps-its-second');
    const [result] = await Promise.all([replayDeadLettersActivity(batch), overlap && more ? sleep(1000) : undefined]);
    progress.replayed += result.replayed;
    progress.skipped += result.skipped;
    if (!overlap && more) await sleep(1000);
  }
  progress.done = true;
  return progress;
}
