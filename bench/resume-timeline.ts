// Where a resumed run's time goes, read from Temporal: for each woken workflow, from the resume to the
// wake-up signal (the dispatcher sent it), to the workflow task that handled it, to the delivery
// activity's schedule and start. Compared with the call's arrival, this locates the wait.
import { Client, Connection } from '@temporalio/client';
import proto from '@temporalio/proto';
import { TASK_RUN_WAKE } from '../src/workflow-contracts/task-run-signals';
import { summarize, type LatencySummary } from './stats';

const E = proto.temporal.api.enums.v1.EventType;
const SCHEDULE_TO_START = proto.temporal.api.enums.v1.TimeoutType.TIMEOUT_TYPE_SCHEDULE_TO_START;

export interface ResumeTimeline {
  /** Resume sent → wake-up signal in the history (outbox row picked up and sent). */
  signaled: LatencySummary;
  /** → the workflow task after the signal scheduled (queued for a worker). */
  workflowTaskScheduled: LatencySummary;
  /** → the workflow task after the signal started on a worker. */
  workflowTaskStarted: LatencySummary;
  /** → the delivery activity scheduled. */
  activityScheduled: LatencySummary;
  /** → the delivery activity started on a worker. */
  activityStarted: LatencySummary;
  /** Workflow tasks after the signal not handed out in time (sticky queue): re-sent with the whole history. */
  workflowTasksNotPickedUp: number;
  /** Other workflow-task timeouts after the signal (a worker too slow to answer). */
  workflowTasksTimedOut: number;
  /** Runs whose woken delivery parked again (more than one activity after the signal). */
  reparked: number;
}

type Ev = proto.temporal.api.history.v1.IHistoryEvent;
const ms = (e: Ev | undefined) => (e?.eventTime ? Number(e.eventTime.seconds) * 1000 + Math.floor((e.eventTime.nanos ?? 0) / 1e6) : Number.NaN);

interface RunStages {
  times: number[];
  notPickedUp: number;
  timedOut: number;
  reparked: boolean;
}

/** One history's events after its last wake-up signal, in ms since `resumedAtMs` (epoch). */
function stages(events: Ev[], resumedAtMs: number): RunStages | undefined {
  const at = events.findLastIndex((e) => e.eventType === E.EVENT_TYPE_WORKFLOW_EXECUTION_SIGNALED && e.workflowExecutionSignaledEventAttributes?.signalName === TASK_RUN_WAKE);
  if (at < 0) return undefined;
  const after = events.slice(at);
  const first = (t: number) => after.find((e) => e.eventType === t);
  const timeouts = after.filter((e) => e.eventType === E.EVENT_TYPE_WORKFLOW_TASK_TIMED_OUT);
  const notPickedUp = timeouts.filter((e) => e.workflowTaskTimedOutEventAttributes?.timeoutType === SCHEDULE_TO_START).length;
  return {
    times: [after[0], first(E.EVENT_TYPE_WORKFLOW_TASK_SCHEDULED), first(E.EVENT_TYPE_WORKFLOW_TASK_STARTED), first(E.EVENT_TYPE_ACTIVITY_TASK_SCHEDULED), first(E.EVENT_TYPE_ACTIVITY_TASK_STARTED)].map(
      (e) => ms(e) - resumedAtMs,
    ),
    notPickedUp,
    timedOut: timeouts.length - notPickedUp,
    reparked: after.filter((e) => e.eventType === E.EVENT_TYPE_ACTIVITY_TASK_SCHEDULED).length > 1,
  };
}

export async function resumeTimeline(stack: { temporalAddress: string; namespace: string }, workflowIds: string[], resumedAtMs: number): Promise<ResumeTimeline> {
  const connection = await Connection.connect({ address: stack.temporalAddress });
  try {
    const client = new Client({ connection, namespace: stack.namespace });
    const runs: RunStages[] = [];
    for (let i = 0; i < workflowIds.length; i += 20) {
      const histories = await Promise.all(workflowIds.slice(i, i + 20).map((id) => client.workflow.getHandle(id).fetchHistory()));
      for (const h of histories) {
        const s = stages(h.events ?? [], resumedAtMs);
        if (s) runs.push(s);
      }
    }
    const column = (k: number) => summarize(runs.map((r) => r.times[k]).filter((v) => Number.isFinite(v)));
    const sum = (f: (r: RunStages) => number) => runs.reduce((n, r) => n + f(r), 0);
    return {
      signaled: column(0),
      workflowTaskScheduled: column(1),
      workflowTaskStarted: column(2),
      activityScheduled: column(3),
      activityStarted: column(4),
      workflowTasksNotPickedUp: sum((r) => r.notPickedUp),
      workflowTasksTimedOut: sum((r) => r.timedOut),
      reparked: sum((r) => (r.reparked ? 1 : 0)),
    };
  } finally {
    await connection.close();
  }
}
