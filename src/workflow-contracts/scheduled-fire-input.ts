// What a Temporal Schedule's action starts with, and how a fire ends. Types only: shared by the
// schedule service, the scheduledFireWorkflow and its activity.
import type { TaskRunInput, TaskRunOutcome } from './task-run-input';

/** Fixed for the life of the Temporal Schedule: the fire reads everything else from the ledger. */
export interface ScheduledFireInput {
  scheduleId: string;
}

export interface ScheduledRunRequest {
  scheduleId: string;
  /** The fire's own workflow id (unique per fire): the key that makes creating its run idempotent. */
  fireWorkflowId: string;
  /** ISO time the Schedule meant to fire (Temporal's TemporalScheduledStartTime). */
  nominalFireTime: string;
}

/** The run the fire created, or why it created none (schedule deleted, endpoint paused). */
export type ScheduledRunPlan =
  | {
      kind: 'run';
      taskRunId: string;
      input: TaskRunInput;
      endpointId: string;
      /** For the run's EdgeCronTenantId search attribute; null without a tenant (optional: older fires' results). */
      tenantId?: string | null;
      /** Origin and path only, for the workflow memo. */
      endpointUrl: string;
      payloadBytes: number;
    }
  | { kind: 'skipped'; reason: string };

export type ScheduledFireResult =
  | { taskRunId: string; outcome: TaskRunOutcome }
  | { skipped: string };
