// The TaskRun workflow's signal, shared by the workflow and the delivery activity that sends it.
import { defineSignal } from '@temporalio/workflow';

/** What a run is doing between its start and its outcome, as the delivery activity sees it. */
export type DeliveryProgress = 'running' | 'retry_scheduled';

/**
 * Sent by the delivery activity when a retry starts and when a failed attempt schedules one, so the
 * EdgeCronStatus search attribute follows retries the workflow cannot otherwise see.
 */
export const deliveryProgressSignal = defineSignal<[DeliveryProgress]>('deliveryProgress');

/** The wake-up signal's name: the outbox row that wakes a parked run names it (src/services/parked-runs.ts). */
export const TASK_RUN_WAKE = 'taskRunWake';

/** "What you waited for is over": a parked run's workflow stops sleeping and delivers again. */
export const taskRunWakeSignal = defineSignal(TASK_RUN_WAKE);
