// Dead-letter side effects: announce a new dead letter to its endpoint's long-lived workflow
// (signal-with-start, so the first dead letter creates it), and replay batches for bulk replay.
import { Context } from '@temporalio/activity';
import { DomainError } from '../../src/domain/errors';
import { bulkReplayIdOf, deadLetterWorkflowId } from '../../src/domain/workflow-ids';
import { replayDeadLetter } from '../../src/services/replay-dead-letter';
import { SEARCH_ATTRIBUTES } from '../../src/temporal/search-attributes';
import {
  deadLetterAddedSignal,
  deadLetterResolvedSignal,
  type DeadLetterWorkflowInput,
} from '../../src/workflow-contracts/dead-letter';
import type { ActivityDeps } from '../deps';
import { publishDeadLetteredEvent, type DeadLetteredEvent } from './dead-lettered-event';

const REPLAY_CONCURRENCY = 8;

/** Progress lives in the database so the API can show it while Temporal is away. */
async function recordReplayProgress(deps: ActivityDeps, replayed: number, skipped: number): Promise<void> {
  const workflowId = Context.current().info.workflowExecution?.workflowId ?? '';
  const id = bulkReplayIdOf(workflowId);
  if (id) await deps.db.bulkReplay.updateMany({ where: { id }, data: { replayed: { increment: replayed }, skipped: { increment: skipped } } });
}

export function createDeadLetterActivities(deps: ActivityDeps) {
  return {
    /** Idempotent: the workflow holds ids in a set, so a retried signal changes nothing. */
    async announceDeadLetterActivity(event: DeadLetteredEvent): Promise<void> {
      const { client, info } = Context.current();
      const args: [DeadLetterWorkflowInput] = [{ endpointId: event.endpointId }];
      const handle = await client.workflow.signalWithStart('deadLetterWorkflow', {
        workflowId: deadLetterWorkflowId(event.endpointId),
        taskQueue: info.taskQueue,
        args,
        signal: deadLetterAddedSignal,
        signalArgs: [event.deadLetterId],
        typedSearchAttributes: [{ key: SEARCH_ATTRIBUTES.endpointId, value: event.endpointId }],
      });
      // Resolved through the API before the workflow existed? Then that signal found nobody: resend it.
      const current = await deps.db.deadLetter.findUnique({ where: { id: event.deadLetterId }, select: { status: true } });
      if (current && current.status !== 'open') {
        await handle.signal(deadLetterResolvedSignal, { deadLetterId: event.deadLetterId, resolution: current.status });
      }
      await publishDeadLetteredEvent(deps, event);
    },

    /** Replays a batch, a few at a time; ones resolved meanwhile or whose endpoint is not active are skipped. */
    async replayDeadLettersActivity(deadLetterIds: string[]): Promise<{ replayed: number; skipped: number }> {
      const results: PromiseSettledResult<unknown>[] = [];
      // Bounded so a high replay rate cannot exhaust the worker's database pool.
      for (let i = 0; i < deadLetterIds.length; i += REPLAY_CONCURRENCY) {
        const slice = deadLetterIds.slice(i, i + REPLAY_CONCURRENCY);
        results.push(...(await Promise.allSettled(slice.map((id) => replayDeadLetter(deps, id)))));
      }
      let replayed = 0;
      let skipped = 0;
      for (const r of results) {
        if (r.status === 'fulfilled') replayed++;
        else if (r.reason instanceof DomainError && r.reason.kind !== 'unavailable') skipped++;
        else throw r.reason; // the database failed: retry the batch (done ones are skipped then)
      }
      await recordReplayProgress(deps, replayed, skipped);
      return { replayed, skipped };
    },
  };
}
