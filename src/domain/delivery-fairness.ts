// Isolation in Temporal's own queues: every delivery workflow (and its activities, which inherit it)
// carries its endpoint as the task queue's fairness key, so matching hands out workflow and activity
// tasks round-robin across endpoints instead of first come, first served. A hung endpoint's backlog
// of hundreds then no longer sits in front of a healthy endpoint's first task. Needs
// matching.enableFairness on the server (the dev server and temporal/dynamicconfig.yaml set it);
// without it the key is ignored and dispatch stays FIFO. Workflow-safe: no I/O.
import type { Priority } from '@temporalio/common';

export function deliveryPriority(endpointId: string): Priority {
  return { fairnessKey: endpointId };
}
