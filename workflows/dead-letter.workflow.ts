// One long-lived workflow per endpoint that holds its open dead letters until someone replays or
// discards them. The database row is the record; this is what Temporal's Web UI shows and what a
// query answers. History stays bounded: it continues as new after `maxEventsPerRun` signals or when
// Temporal suggests it.
import { allHandlersFinished, condition, continueAsNew, setHandler, workflowInfo } from '@temporalio/workflow';
import {
  deadLetterAddedSignal,
  deadLetterResolvedSignal,
  openDeadLettersQuery,
  type DeadLetterWorkflowInput,
} from '../src/workflow-contracts/dead-letter';

/** Ids listed at most; beyond that only counted, so continue-as-new input stays far below Temporal's size limit. */
export const MAX_HELD_IDS = 10_000;
const DEFAULT_MAX_EVENTS_PER_RUN = 1_000;

export async function deadLetterWorkflow(input: DeadLetterWorkflowInput): Promise<void> {
  const open = new Set(input.openIds ?? []); // insertion order = oldest first
  let untracked = input.untrackedCount ?? 0;
  let events = 0;
  const maxEvents = input.maxEventsPerRun ?? DEFAULT_MAX_EVENTS_PER_RUN;

  setHandler(deadLetterAddedSignal, (id) => {
    events++;
    if (open.has(id)) return; // a retried announce: already held
    if (open.size < MAX_HELD_IDS) open.add(id);
    else untracked++;
  });
  setHandler(deadLetterResolvedSignal, ({ deadLetterId }) => {
    events++;
    if (!open.delete(deadLetterId) && untracked > 0) untracked--;
  });
  setHandler(openDeadLettersQuery, () => ({
    endpointId: input.endpointId,
    openDeadLetterIds: [...open],
    openCount: open.size + untracked,
  }));

  await condition(() => events >= maxEvents || workflowInfo().continueAsNewSuggested);
  await condition(allHandlersFinished);
  await continueAsNew<typeof deadLetterWorkflow>({ ...input, openIds: [...open], untrackedCount: untracked });
}
