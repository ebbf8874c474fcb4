// What the EventFanout workflow and its activities exchange. Types only: shared by the service that
// starts the workflow, the workflow and the activities.
import type { TaskRunInput } from './task-run-input';

export interface EventFanoutInput {
  eventId: string;
  eventType: string;
  /** Last endpoint id handled by earlier runs of this workflow (continue-as-new); null at first. */
  afterEndpointId: string | null;
  /** Children started by earlier runs, carried for the Web UI and the result. */
  startedSoFar: number;
}

export interface EventFanoutResult {
  matchedEndpointCount: number;
}

export interface EventRunsPageRequest {
  eventId: string;
  afterEndpointId: string | null;
  pageSize: number;
}

/** One matched endpoint's task run, ready for its child workflow. */
export interface EventRunStart {
  workflowId: string;
  input: TaskRunInput;
  /** Origin and path only, for the child's memo. */
  endpointUrl: string;
  payloadBytes: number;
  /** The run's tenant (absent: none), for the child's search attribute. */
  tenantId?: string;
}

export interface EventRunsPage {
  runs: EventRunStart[];
  /** Where the next page starts; null when every endpoint has been looked at. */
  nextCursor: string | null;
}
