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

/** Endpoint ids after `afterEndpointId` up to and including `upToEndpointId` (null: no bound), in id order. */
export interface EndpointRange {
  afterEndpointId: string | null;
  upToEndpointId: string | null;
}

/** A fanout tree's inner workflow: it fans out its first range itself and spreads the others among its children. */
export interface EventFanoutPagesInput {
  eventId: string;
  eventType: string;
  ranges: EndpointRange[];
}

export interface EventRunsPageRequest {
  eventId: string;
  afterEndpointId: string | null;
  /** The page ends at this endpoint id even if fewer than pageSize endpoints come before it (absent/null: no bound). */
  upToEndpointId?: string | null;
  pageSize: number;
  /**
   * The root's page: also split the endpoints after it into ranges of about pageSize each (the fanout
   * tree's plan); with none after it, the page is the whole fanout and records its result too.
   */
  planRest?: boolean;
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
  /** Where the next page starts; null when every endpoint (of the range) has been looked at. */
  nextCursor: string | null;
  /** Asked for with planRest: the endpoints after this page, one range per page; empty when none are left. */
  rest?: EndpointRange[];
  /** Asked for with planRest, and nothing came after the page (it was the whole fanout): the result it recorded. */
  matchedEndpointCount?: number;
}
