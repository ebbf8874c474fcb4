// Resume: n runs held by a paused endpoint (parked, their workflows asleep) are all called soon after
// the resume: each run's time from the resume to its first call, as p50 and max (issue 35's goal:
// every one within 5 s of the resume for n = 400), and where that time went (bench/resume-timeline.ts).
import pg from 'pg';
import type { ApiClient } from '../api-client';
import type { BenchReceiver } from '../receiver';
import type { PartBase } from '../result';
import { runPool } from '../pool';
import { summarize, type LatencySummary } from '../stats';
import { createEndpoint } from './endpoints';
import { resumeTimeline, type ResumeTimeline } from '../resume-timeline';

export interface ResumePart extends PartBase {
  count: number;
  /** Runs parked when the resume was sent. */
  parked?: number;
  /** From the resume to each run's first call. */
  resumeToCall?: LatencySummary;
  allCalledWithin5s?: boolean;
  /** Where that time went, from the runs' histories. */
  timeline?: ResumeTimeline;
}

export async function runResume(
  ctx: { api: ApiClient; receiver: BenchReceiver; stack: { databaseUrl: string; temporalAddress: string; namespace: string } },
  count: number,
  concurrency: number,
  timeoutMs: number,
  progress: (line: string) => void,
): Promise<ResumePart> {
  const { api, receiver } = ctx;
  const db = new pg.Pool({ connectionString: ctx.stack.databaseUrl, max: 1 });
  try {
    const endpoint = await createEndpoint(api, receiver.url('resume'));
    await api.ok('POST', `/v1/endpoints/${endpoint}/pause`);
    const workflowIds: string[] = [];
    await runPool(count, concurrency, async (i) => {
      const run = await api.ok<{ workflowId: string }>('POST', '/v1/task-runs', { endpointId: endpoint, payload: { benchId: `resume-${i}`, kind: 'bench.delivery', n: i } });
      workflowIds.push(run.workflowId);
    });
    const parkedNow = async () =>
      (await db.query<{ n: number }>(`SELECT count(*)::int AS n FROM "ParkedRun" WHERE "endpointId" = $1 AND "wokenAt" IS NULL`, [endpoint])).rows[0].n;
    const started = performance.now();
    let parked = 0;
    while ((parked = await parkedNow()) < count && performance.now() - started < timeoutMs) await new Promise((r) => setTimeout(r, 250));
    progress(`resume: ${parked} of ${count} runs parked behind the paused endpoint; resuming`);
    const resumedAt = performance.now();
    const resumedAtMs = Date.now();
    await api.ok('POST', `/v1/endpoints/${endpoint}/resume`);
    await receiver.waitForOk('resume', count, timeoutMs);
    const waits = Array.from({ length: count }, (_, i) => (receiver.arrivals.get(`resume-${i}`) ?? Number.NaN) - resumedAt);
    const resumeToCall = summarize(waits);
    progress(`resume: all ${count} called; p50 ${resumeToCall.p50Ms} ms, max ${resumeToCall.maxMs} ms after the resume`);
    const timeline = await resumeTimeline(ctx.stack, workflowIds, resumedAtMs);
    const stage = (name: string, s: LatencySummary) => `${name} p50 ${s.p50Ms} / max ${s.maxMs} ms`;
    progress(
      `resume: after the resume, ${stage('signal', timeline.signaled)}; ${stage('workflow task scheduled', timeline.workflowTaskScheduled)}; ` +
        `${stage('started', timeline.workflowTaskStarted)} (${timeline.workflowTasksNotPickedUp} not picked up in time, ${timeline.workflowTasksTimedOut} timed out on a worker); ` +
        `${stage('activity scheduled', timeline.activityScheduled)}; ${stage('activity started', timeline.activityStarted)}; ${timeline.reparked} parked again`,
    );
    return { status: 'ok', count, parked, resumeToCall, allCalledWithin5s: (resumeToCall.maxMs ?? Infinity) <= 5_000, timeline };
  } finally {
    await db.end();
  }
}
