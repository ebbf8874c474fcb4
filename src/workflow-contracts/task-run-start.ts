// How a TaskRun workflow starts, wherever it starts (a dispatched run; a fanout's, a sequencer's or a
// schedule fire's child): its id, input, search attributes, memo and fairness key, built in one place
// so every run reads the same in the Web UI and queues fairly. Each caller adds its own id-reuse and
// parent-close policies, which differ on purpose.
import type { Priority, SearchAttributePair } from '@temporalio/common';
import { deliveryPriority } from '../domain/delivery-fairness';
import { SEARCH_ATTRIBUTES, tenantSearchAttribute } from '../temporal/search-attributes';
import type { TaskRunInput } from './task-run-input';

export interface TaskRunStartFacts {
  workflowId: string;
  input: TaskRunInput;
  trigger: string;
  /** Origin and path only (no query, which may hold credentials), for the memo. */
  endpointUrl: string;
  payloadBytes: number;
  /** The run's tenant, for the EdgeCronTenantId search attribute; none = the installation's own. */
  tenantId?: string | null;
}

export interface TaskRunStartExtras {
  /** What else the Web UI can filter this run by (its event type, its schedule). */
  searchAttributes?: SearchAttributePair[];
  memo?: Record<string, unknown>;
}

export interface TaskRunStartOptions {
  workflowId: string;
  args: [TaskRunInput];
  typedSearchAttributes: SearchAttributePair[];
  memo: Record<string, unknown>;
  priority: Priority;
}

export function taskRunStartOptions(run: TaskRunStartFacts, extras: TaskRunStartExtras = {}): TaskRunStartOptions {
  return {
    workflowId: run.workflowId,
    args: [run.input],
    typedSearchAttributes: [
      { key: SEARCH_ATTRIBUTES.endpointId, value: run.input.endpointId },
      { key: SEARCH_ATTRIBUTES.trigger, value: run.trigger },
      ...(extras.searchAttributes ?? []),
      // Only a run that waits for its time shows `pending`: one due now carries no status until it
      // leaves the happy path (a retry, a slow call), so a delivered run costs no status write.
      ...(run.input.delayMs > 0 ? [{ key: SEARCH_ATTRIBUTES.status, value: 'pending' }] : []),
      ...tenantSearchAttribute(run.tenantId),
    ],
    memo: { endpointUrl: run.endpointUrl, payloadBytes: run.payloadBytes, ...extras.memo },
    priority: deliveryPriority(run.input.endpointId),
  };
}
