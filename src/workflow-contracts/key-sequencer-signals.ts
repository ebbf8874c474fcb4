// The key sequencer's signal, shared by the workflow and whoever wakes it (API, fanout, replay, discard).
import { defineSignal } from '@temporalio/workflow';

/** "Look at the queue again": carries nothing, because the database is the queue (a lost signal loses no run). */
export const orderedRunAddedSignal = defineSignal('orderedRunAdded');
