// What waiting runs cost Temporal, read from Temporal itself: the activity task queue's oldest backlog
// task (DescribeTaskQueue with stats), and the activity tasks a set of runs has asked for so far (a
// closed activity's attempts from its started event, a pending one's from describe). Two counts some
// time apart give the activity tasks per second those runs cost, whichever path they wait on.
import type { Client } from '@temporalio/client';
import { temporal as proto } from '@temporalio/proto';
import { inBatches, sleep } from './client';

/** Seconds the oldest task of the activity task queue has waited (Temporal's own figure). */
export async function activityBacklogAgeSeconds(temporal: Client, taskQueue: string): Promise<number> {
  const res = await temporal.workflowService.describeTaskQueue({
    namespace: temporal.options.namespace,
    taskQueue: { name: taskQueue, kind: proto.api.enums.v1.TaskQueueKind.TASK_QUEUE_KIND_NORMAL },
    taskQueueType: proto.api.enums.v1.TaskQueueType.TASK_QUEUE_TYPE_ACTIVITY,
    reportStats: true,
  });
  const age = res.stats?.approximateBacklogAge;
  return age ? Number(age.seconds ?? 0) + (age.nanos ?? 0) / 1e9 : 0;
}

/** Samples the backlog age every second until stopped; returns the oldest seen. */
export function watchBacklogAge(temporal: Client, taskQueue: string) {
  let oldest = 0;
  let stopped = false;
  const loop = (async () => {
    while (!stopped) {
      oldest = Math.max(oldest, await activityBacklogAgeSeconds(temporal, taskQueue).catch(() => 0));
      await sleep(1000);
    }
  })();
  return {
    async stop() {
      stopped = true;
      await loop;
      return oldest;
    },
  };
}

/** Activity tasks (attempts) one workflow has asked for so far. */
async function activityTasksOf(temporal: Client, workflowId: string): Promise<number> {
  const handle = temporal.workflow.getHandle(workflowId);
  const [history, description] = await Promise.all([handle.fetchHistory(), handle.describe()]);
  // A Temporal retry adds no event: a closed activity's count is the attempt its started event records.
  const closed = (history.events ?? []).reduce((n, e) => n + (e.activityTaskStartedEventAttributes?.attempt ?? 0), 0);
  const pending = (description.raw.pendingActivities ?? []).reduce((n, a) => n + (a.attempt ?? 0), 0);
  return closed + pending;
}

/** All these workflows' activity tasks so far, and when that was read (the middle of the reads). */
export async function activityTasksSoFar(temporal: Client, workflowIds: string[]): Promise<{ tasks: number; at: number }> {
  const started = Date.now();
  const counts = await inBatches(workflowIds.length, 20, (i) => activityTasksOf(temporal, workflowIds[i]));
  return { tasks: counts.reduce((a, b) => a + b, 0), at: (started + Date.now()) / 2 };
}
